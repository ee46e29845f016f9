"""Evaluation reports: `eval --report DIR` (HTML with charts, confusion matrices, failures with evidence)
and `eval --compare OTHER` (accuracy per field against another run)."""
