"""Direct quotations with their cue verb and speaker, the speaker resolved to a canonical full name.

Bottom to top: `marks` (quoted segments from the quote marks, pure text), `index` (one read of a parsed Doc),
`salience` (who a pronoun stands for), `naming` (a speaker token -> the speaker as written and as a name), `speakers`
(finding the speaker's token), `cues` (finding the cue verb) and `component` (the `news_quotes` pipe and its
attribution rules). Importing this package registers the pipe.
"""

from components.quotes.component import ATTRIBUTION_RULES, NewsQuotes, make_news_quotes
from components.quotes.cues import CUE_FORMS, CUE_STRATEGIES, verb_forms
from components.quotes.index import TITLE_TAGS, DocIndex
from components.quotes.marks import Segment, find_segments

__all__ = [
    "ATTRIBUTION_RULES", "CUE_FORMS", "CUE_STRATEGIES", "TITLE_TAGS", "DocIndex", "NewsQuotes", "Segment",
    "find_segments", "make_news_quotes", "verb_forms",
]
