"""Imported before medspaCy, PyRuSH and scispaCy: they log at DEBUG through loguru and warn on import,
and notes must never reach a log."""
import logging
import warnings


def _silence_third_party_logs() -> None:
    try:
        from loguru import logger

        logger.remove()
    except Exception:  # pragma: no cover - loguru is a medspacy dependency
        pass
    for name in ("medspacy", "PyRuSH", "spacy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", module="medspacy")
    warnings.filterwarnings("ignore", module="scispacy")


_silence_third_party_logs()
