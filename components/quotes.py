"""Direct quotations with speakers (placeholder: replaced by the real component)."""

from spacy.language import Language
from spacy.tokens import Doc

Doc.set_extension("news_quotes", default=[], force=True)


@Language.component("news_quotes")
def news_quotes(doc: Doc) -> Doc:
    doc._.news_quotes = []
    return doc
