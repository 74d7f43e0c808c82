"""The Vietnamese-text core: what every stage knows about Vietnamese writing, kept in one place.

- :mod:`.syllables`: the syllable grammar (strict, as written, and loose, accents lost), accent
  folding and the one-to-one shadow, tone marks and their placement, spelling variants, case;
- :mod:`.tokens`: how text splits into the tokens the language model counts;
- :mod:`.markers`: how a line says "I start something": headings, articles, lettered items,
  bullets, ``Chỉ tiêu N:`` labels;
- :mod:`.layout`: page numbers, lines in capitals, signers' names, two-column cells.

It depends on nothing else in the package, so extraction, cleaning and parsing can all use it
and never disagree (they once kept four copies of "is this line in capitals", at four shares).
"""
