"""Names the pipeline's components share (a module of its own, so the components import no pipeline)."""

SPAN_GROUP = "medspacy_spans"  # the span group every matcher writes to and ConText reads
