"""Layer 2, analysis: numbers and codes, no words for readers.

Owns the back-calculated merged-city series, projections and progress to target, the scorecard
and its robustness checks, which targets count in the headline, the S&T ratios, and the
comparison of editions. May import: `helpers.data`.
"""
