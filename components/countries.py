"""Country mentions resolved to ISO 3166 alpha-3 (placeholder: replaced by the real component)."""

from spacy.language import Language
from spacy.tokens import Doc

Doc.set_extension("news_countries", default=[], force=True)


@Language.component("news_countries")
def news_countries(doc: Doc) -> Doc:
    doc._.news_countries = []
    return doc
