"""Named entities with canonical names (placeholder: replaced by the real component)."""

from spacy.language import Language
from spacy.tokens import Doc

from components.records import EntityMention

Doc.set_extension("news_entities", default=[], force=True)


@Language.component("news_entities")
def news_entities(doc: Doc) -> Doc:
    doc._.news_entities = [
        EntityMention(ent.text, ent.label_, ent.text, ent.start_char, ent.end_char) for ent in doc.ents
    ]
    return doc
