"""How a challenge is shown, how a submitted form becomes an answer, and how the correction reads.

One implementation for the learner's test player, the certification player and the author preview.
What a learner sees before answering never holds the solution, the explanation or the tolerances.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import markdown
import nh3
import yaml
from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.templatetags.static import static
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from challenges.checking import SKIP_VALUE, AnswerStatus, build_qrocm_answer, qrocm_dep_correction
from challenges.models import Challenge
from referential.models import Tutorial

ATTACHMENTS_DIR = Path(settings.BASE_DIR) / "referential" / "content" / "attachments"

# Form names: a prefix keeps a field key ("timeout", "skip"…) from colliding with the page's own inputs.
ANSWER_INPUT = "answer"
FIELD_INPUT_PREFIX = "answer-"
ERROR_ELEMENT_ID = "answer-error"
MAX_ANSWER_LENGTH = 5000

TEXT_KIND = "text"
TEXTAREA_KIND = "textarea"
SELECT_KIND = "select"

# Simulator heights snap to the classes of pix.css (.challenge-embed--h240 … --h1200).
EMBED_HEIGHT_STEP = 80
EMBED_HEIGHT_MIN = 240
EMBED_HEIGHT_MAX = 1200
EMBED_HEIGHT_DEFAULT = 480

FILE_TYPE_LABELS = {
    "pdf": gettext_lazy("Document PDF"),
    "docx": gettext_lazy("Document Word (DOCX)"),
    "odt": gettext_lazy("Document texte (ODT)"),
    "xlsx": gettext_lazy("Tableur Excel (XLSX)"),
    "ods": gettext_lazy("Tableur (ODS)"),
    "csv": gettext_lazy("Tableau CSV"),
    "txt": gettext_lazy("Texte brut (TXT)"),
    "html": gettext_lazy("Page web (HTML)"),
    "xml": gettext_lazy("Fichier XML"),
    "json": gettext_lazy("Fichier JSON"),
    "zip": gettext_lazy("Archive ZIP"),
    "jpg": gettext_lazy("Image JPEG"),
    "jpeg": gettext_lazy("Image JPEG"),
    "png": gettext_lazy("Image PNG"),
    "svg": gettext_lazy("Image SVG"),
    "wav": gettext_lazy("Son WAV"),
    "mp3": gettext_lazy("Son MP3"),
    "mp4": gettext_lazy("Vidéo MP4"),
    "srt": gettext_lazy("Sous-titres (SRT)"),
    "ics": gettext_lazy("Agenda (ICS)"),
}

TUTORIAL_FORMAT_LABELS = {
    "page": gettext_lazy("Page web"),
    "vidéo": gettext_lazy("Vidéo"),
    "outil": gettext_lazy("Outil"),
    "pdf": gettext_lazy("PDF"),
    "son": gettext_lazy("Son"),
    "jeu": gettext_lazy("Jeu"),
}

VERDICT_LABELS = {
    AnswerStatus.OK: gettext_lazy("Bonne réponse"),
    AnswerStatus.KO: gettext_lazy("Mauvaise réponse"),
    AnswerStatus.SKIPPED: gettext_lazy("Question passée"),
    AnswerStatus.TIMEDOUT: gettext_lazy("Temps écoulé"),
    AnswerStatus.FOCUSEDOUT: gettext_lazy("Page quittée pendant l'épreuve"),
    AnswerStatus.PARTIALLY: gettext_lazy("Réponse partielle"),
    AnswerStatus.UNIMPLEMENTED: gettext_lazy("Type d'épreuve non pris en charge"),
}


class AnswerFormError(ValueError):
    """The form does not hold a usable answer; `message` is French (translated), for the learner."""

    def __init__(self, message: str, *, field_keys: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.field_keys: frozenset[str] = frozenset(field_keys)


# --- what the learner sees ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalView:
    number: int  # 1-based position in the authored list, as in the solution
    html: SafeString

    @property
    def input_id(self) -> str:
        return f"proposal-{self.number}"


@dataclass(frozen=True)
class FieldView:
    key: str
    label: str
    kind: str  # text | textarea | select
    options: tuple[str, ...] = ()
    placeholder: str = ""
    width: str = "short"  # short | long | textarea: a hint for the layout, from the QROC format
    inputmode: str = ""  # "decimal" for numbers

    @property
    def input_name(self) -> str:
        return f"{FIELD_INPUT_PREFIX}{self.key}"

    @property
    def input_id(self) -> str:
        return f"{FIELD_INPUT_PREFIX}{self.key}"


@dataclass(frozen=True)
class AttachmentView:
    name: str
    url: str
    type_label: str
    size_bytes: int | None  # None when the file is missing on disk


@dataclass(frozen=True)
class EmbedView:
    url: str
    title: str
    height_class: str


@dataclass(frozen=True)
class ChallengeView:
    id: str
    type: str
    instruction_html: SafeString
    proposals: tuple[ProposalView, ...] = ()
    fields: tuple[FieldView, ...] = ()
    illustration_url: str = ""
    illustration_alt: str = ""
    attachments: tuple[AttachmentView, ...] = ()
    embed: EmbedView | None = None
    timer: int | None = None
    focused: bool = False

    @property
    def is_single_choice(self) -> bool:
        return self.type == Challenge.Type.QCU

    @property
    def is_multiple_choice(self) -> bool:
        return self.type == Challenge.Type.QCM

    @property
    def has_fields(self) -> bool:
        return bool(self.fields)

    @property
    def timer_label(self) -> str:
        return duration_label(self.timer) if self.timer else ""


def prefetch_for_presentation(queryset: QuerySet[Challenge]) -> QuerySet[Challenge]:
    """Everything present_challenge and correction_for read, in a fixed number of queries."""
    return queryset.select_related("skill__tube", "competence__area").prefetch_related(
        "attachments", "skill__tutorials", "skill__learning_more"
    )


def present_challenge(*, challenge: Challenge, shuffle_seed: int | None) -> ChallengeView:
    """The challenge as a learner sees it; proposals shuffled by `shuffle_seed` when the author asked."""
    proposals = [
        ProposalView(number=number, html=render_inline_markdown(text))
        for number, text in enumerate(challenge.proposals, start=1)
    ]
    if challenge.shuffled and proposals:
        random.Random(shuffle_seed).shuffle(proposals)
    return ChallengeView(
        id=challenge.id,
        type=challenge.type,
        instruction_html=render_markdown(challenge.instruction),
        proposals=tuple(proposals),
        fields=tuple(_field_view(challenge, raw) for raw in challenge.fields),
        illustration_url=_static_url(f"content/illustrations/{challenge.illustration}")
        if challenge.illustration
        else "",
        illustration_alt=challenge.illustration_alt,
        attachments=tuple(_attachment_view(a.file_name) for a in challenge.attachments.all()),
        embed=_embed_view(challenge),
        timer=challenge.timer,
        focused=challenge.focused,
    )


def _field_view(challenge: Challenge, raw: Mapping) -> FieldView:
    if raw.get("kind") == SELECT_KIND:
        return FieldView(
            key=raw["key"],
            label=raw["label"],
            kind=SELECT_KIND,
            options=tuple(raw.get("options") or ()),
            width="long",
        )
    kind, width, inputmode = TEXT_KIND, "long", ""
    if challenge.type == Challenge.Type.QROC:
        if challenge.format == Challenge.Format.PARAGRAPH:
            kind, width = TEXTAREA_KIND, "textarea"
        elif challenge.format == Challenge.Format.SENTENCE:
            width = "long"
        elif challenge.format == Challenge.Format.NUMBER:
            width, inputmode = "short", "decimal"
        else:
            width = "short"
    return FieldView(
        key=raw["key"],
        label=raw["label"],
        kind=kind,
        placeholder=raw.get("placeholder") or "",
        width=width,
        inputmode=inputmode,
    )


def _attachment_view(file_name: str) -> AttachmentView:
    extension = Path(file_name).suffix.lower().lstrip(".")
    try:
        size: int | None = (ATTACHMENTS_DIR / file_name).stat().st_size
    except OSError:
        size = None
    return AttachmentView(
        name=file_name,
        url=_static_url(f"content/attachments/{file_name}"),
        type_label=str(FILE_TYPE_LABELS.get(extension, extension.upper() or _("Fichier"))),
        size_bytes=size,
    )


def _embed_view(challenge: Challenge) -> EmbedView | None:
    if not challenge.embed_url:
        return None
    height = challenge.embed_height or EMBED_HEIGHT_DEFAULT
    snapped = -(-height // EMBED_HEIGHT_STEP) * EMBED_HEIGHT_STEP  # round up: never cut the simulator
    snapped = min(max(snapped, EMBED_HEIGHT_MIN), EMBED_HEIGHT_MAX)
    return EmbedView(
        url=challenge.embed_url,
        title=challenge.embed_title or _("Simulateur"),
        height_class=f"challenge-embed--h{snapped}",
    )


def _static_url(path: str) -> str:
    try:
        return static(path)
    except ValueError:  # a manifest storage without this file (collectstatic not run yet)
        return f"{settings.STATIC_URL}{path}"


def duration_label(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": rest}
    if minutes:
        return _("%(minutes)d min") % {"minutes": minutes}
    return ngettext("%(seconds)d seconde", "%(seconds)d secondes", rest) % {"seconds": rest}


# --- Markdown to safe HTML ---------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "strong", "em", "a", "ul", "ol", "li", "code", "pre", "blockquote", "br", "h3", "h4",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_INLINE_TAGS = {"strong", "em", "code", "br"}
_URL_SCHEMES = {"http", "https", "mailto"}

_block_cleaner = nh3.Cleaner(
    tags=_BLOCK_TAGS,
    attributes={"a": {"href"}, "ol": {"start"}},
    link_rel="noopener",
    url_schemes=_URL_SCHEMES,
)
_inline_cleaner = nh3.Cleaner(tags=_INLINE_TAGS, attributes={}, link_rel=None, url_schemes=_URL_SCHEMES)

_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])\s+\S")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _separate_lists(text: str) -> str:
    """Authors start a list right under a sentence, as on GitHub; Python-Markdown wants a blank line."""
    lines = text.replace("\r\n", "\n").split("\n")
    result: list[str] = []
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and _LIST_ITEM.match(line) and result:
            previous = result[-1]
            if previous.strip() and not _LIST_ITEM.match(previous) and not previous.startswith((" ", "\t")):
                result.append("")
        result.append(line)
    return "\n".join(result)


def _markdown_to_html(text: str) -> str:
    return markdown.markdown(
        _separate_lists(text),
        extensions=["tables", "sane_lists", "fenced_code", "toc"],
        # "#" becomes h3: the page keeps its own h1 and h2.
        extension_configs={"toc": {"baselevel": 3}},
    )


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    """Markdown to HTML that only keeps an allow-list of tags and attributes (no image, no script)."""
    return mark_safe(_block_cleaner.clean(_markdown_to_html(text)))  # sanitised just now


@lru_cache(maxsize=4096)
def render_inline_markdown(text: str) -> SafeString:
    """One line of Markdown (a proposal) as inline HTML: bold, italic, code."""
    html = _markdown_to_html(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(_inline_cleaner.clean(html).strip())  # sanitised just now


# --- from the form to the answer ---------------------------------------------------------------------


def answer_from_form(*, challenge: Challenge, data: QueryDict | Mapping[str, object]) -> str:
    """The answer value the checker expects, read from the submitted form.

    Raises AnswerFormError when nothing was chosen or typed, or when a choice is not the challenge's.
    """
    if challenge.type == Challenge.Type.QCU:
        numbers = _chosen_numbers(challenge, data)
        if not numbers:
            raise AnswerFormError(_("Pour valider, sélectionnez une réponse. Sinon, passez."))
        if len(numbers) > 1:
            raise AnswerFormError(_("Sélectionnez une seule réponse."))
        return str(numbers[0])
    if challenge.type == Challenge.Type.QCM:
        numbers = _chosen_numbers(challenge, data)
        if not numbers:
            raise AnswerFormError(_("Pour valider, sélectionnez au moins une réponse. Sinon, passez."))
        return ",".join(str(n) for n in numbers)
    values = _field_values(challenge, data)
    if challenge.type == Challenge.Type.QROC:
        (value,) = values.values()
        return value
    return build_qrocm_answer(values)


def _values_of(data: Mapping, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        raw = data.getlist(name)
    else:
        raw = data.get(name, [])
        raw = [raw] if isinstance(raw, str | int) else list(raw)
    return [str(value) for value in raw]


def _chosen_numbers(challenge: Challenge, data: Mapping) -> list[int]:
    numbers: set[int] = set()
    for value in _values_of(data, ANSWER_INPUT):
        value = value.strip()
        if not value:
            continue
        number = int(value) if value.isascii() and value.isdigit() else 0
        if not 1 <= number <= len(challenge.proposals):
            raise AnswerFormError(_("Cette réponse ne fait pas partie des propositions."))
        numbers.add(number)
    return sorted(numbers)


def _field_values(challenge: Challenge, data: Mapping) -> dict[str, str]:
    values: dict[str, str] = {}
    missing: list[str] = []
    for raw in challenge.fields:
        key = raw["key"]
        submitted = _values_of(data, f"{FIELD_INPUT_PREFIX}{key}")
        value = submitted[-1].strip() if submitted else ""
        if not value:
            missing.append(key)
        elif len(value) > MAX_ANSWER_LENGTH:
            raise AnswerFormError(_("Votre réponse est trop longue."), field_keys=[key])
        elif raw.get("kind") == SELECT_KIND and value not in (raw.get("options") or ()):
            raise AnswerFormError(
                _("Le choix pour « %(label)s » ne fait pas partie de la liste.") % {"label": raw["label"]},
                field_keys=[key],
            )
        values[key] = value
    if missing:
        if challenge.type == Challenge.Type.QROC:
            message = _("Pour valider, saisissez une réponse. Sinon, passez.")
        else:
            message = _("Pour valider, remplissez tous les champs. Sinon, passez.")
        raise AnswerFormError(message, field_keys=missing)
    return values


# --- the form's inputs, with what was typed and what went wrong ------------------------------------------


@dataclass(frozen=True)
class ChoiceInput:
    proposal: ProposalView
    checked: bool


@dataclass(frozen=True)
class FieldInput:
    field: FieldView
    value: str
    invalid: bool


@dataclass(frozen=True)
class AnswerFormView:
    """What answer_form_fields.html renders: the inputs, filled again after a submission."""

    challenge: ChallengeView
    choices: tuple[ChoiceInput, ...] = ()
    inputs: tuple[FieldInput, ...] = ()
    error_message: str = ""
    error_id: str = ERROR_ELEMENT_ID
    invalid_keys: frozenset[str] = field(default_factory=frozenset)

    @property
    def has_error(self) -> bool:
        return bool(self.error_message)

    @property
    def input_type(self) -> str:
        return "radio" if self.challenge.is_single_choice else "checkbox"


def answer_form_view(
    *, challenge_view: ChallengeView, data: Mapping | None = None, error: AnswerFormError | None = None
) -> AnswerFormView:
    """The inputs of the answer form, empty or filled with `data` (a form shown again)."""
    data = data or {}
    chosen = set(_values_of(data, ANSWER_INPUT))
    invalid_keys = error.field_keys if error else frozenset()
    return AnswerFormView(
        challenge=challenge_view,
        choices=tuple(
            ChoiceInput(proposal=p, checked=str(p.number) in chosen) for p in challenge_view.proposals
        ),
        inputs=tuple(
            FieldInput(
                field=f,
                value=(_values_of(data, f.input_name) or [""])[-1],
                invalid=bool(error) and (not invalid_keys or f.key in invalid_keys),
            )
            for f in challenge_view.fields
        ),
        error_message=error.message if error else "",
        invalid_keys=invalid_keys,
    )


# --- after the answer ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerLine:
    """One line of an answer: a field label (empty for QCU/QCM) and a value, right or wrong when known."""

    label: str
    value_html: SafeString
    is_correct: bool | None = None


@dataclass(frozen=True)
class TutorialView:
    title: str
    url: str
    source: str
    format_label: str
    duration_label: str


@dataclass(frozen=True)
class VerdictView:
    status: str
    label: str
    tone: str  # success | danger | warning: the design system's colour for it

    @property
    def is_ok(self) -> bool:
        return self.status == AnswerStatus.OK


@dataclass(frozen=True)
class CorrectionView:
    type: str
    skipped: bool
    given: tuple[AnswerLine, ...]
    expected: tuple[AnswerLine, ...]
    other_accepted: tuple[str, ...]
    explanation_html: SafeString
    tutorials: tuple[TutorialView, ...]
    learning_more: tuple[TutorialView, ...]

    @property
    def has_tutorials(self) -> bool:
        return bool(self.tutorials or self.learning_more)


def verdict_for(status: str) -> VerdictView:
    status = AnswerStatus(status)
    tone = {AnswerStatus.OK: "success", AnswerStatus.KO: "danger"}.get(status, "warning")
    return VerdictView(status=status.value, label=str(VERDICT_LABELS[status]), tone=tone)


def correction_for(*, challenge: Challenge, answer_value: str, result_details: dict | None) -> CorrectionView:
    """What to show once the learner has answered: their answer, the expected one, why, and how to learn it."""
    skipped = answer_value == SKIP_VALUE
    details = result_details or {}
    if challenge.type in (Challenge.Type.QCU, Challenge.Type.QCM):
        given = () if skipped else _proposal_lines(challenge, _numbers_in(answer_value))
        expected = _proposal_lines(challenge, _numbers_in(challenge.solution))
        other: tuple[str, ...] = ()
    elif challenge.type == Challenge.Type.QROC:
        label = challenge.fields[0]["label"] if challenge.fields else ""
        variants = [line for line in challenge.solution.split("\n") if line.strip()]
        given = () if skipped or not answer_value else (AnswerLine(label, conditional_escape(answer_value)),)
        expected = (AnswerLine(label, conditional_escape(variants[0])),) if variants else ()
        other = tuple(variants[1:])
    else:
        answers = {} if skipped else _yaml_map(answer_value)
        if challenge.type == Challenge.Type.QROCM_DEP:
            evaluation, examples = qrocm_dep_correction(
                answer=answer_value, solution=challenge.solution, tolerances=challenge.tolerances
            )
            details = {**evaluation, **details}
            expected = _qrocm_dep_expected(challenge, answers, details, examples)
        else:
            expected = _qrocm_ind_expected(challenge)
        given = tuple(
            AnswerLine(raw["label"], conditional_escape(str(answers[raw["key"]])), details.get(raw["key"]))
            for raw in challenge.fields
            if raw["key"] in answers
        )
        other = ()
    skill_tutorials = challenge.skill.tutorials.all()
    learning_more = challenge.skill.learning_more.all()
    return CorrectionView(
        type=challenge.type,
        skipped=skipped,
        given=given,
        expected=expected,
        other_accepted=other,
        explanation_html=render_markdown(challenge.explanation) if challenge.explanation else mark_safe(""),
        tutorials=tuple(_tutorial_view(t) for t in skill_tutorials),
        learning_more=tuple(_tutorial_view(t) for t in learning_more),
    )


def _numbers_in(value: str) -> list[int]:
    items = [item.strip() for item in (value or "").split(",")]
    return sorted({int(item) for item in items if item.isascii() and item.isdigit()})


def _proposal_lines(challenge: Challenge, numbers: Iterable[int]) -> tuple[AnswerLine, ...]:
    return tuple(
        AnswerLine("", render_inline_markdown(challenge.proposals[n - 1]))
        for n in numbers
        if 1 <= n <= len(challenge.proposals)
    )


def _yaml_map(text: str) -> dict[str, object]:
    # The checker's exchange format: YAML read with the failsafe schema, so every value stays a string.
    try:
        data = yaml.load(text or "", Loader=yaml.BaseLoader)
    except (yaml.YAMLError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _qrocm_ind_expected(challenge: Challenge) -> tuple[AnswerLine, ...]:
    solution = _yaml_map(challenge.solution)
    lines = []
    for raw in challenge.fields:
        variants = solution.get(raw["key"])
        first = variants[0] if isinstance(variants, list) and variants else ""
        lines.append(AnswerLine(raw["label"], conditional_escape(str(first))))
    return tuple(lines)


def _qrocm_dep_expected(
    challenge: Challenge, answers: Mapping[str, object], evaluation: Mapping[str, bool], examples: list[str]
) -> tuple[AnswerLine, ...]:
    """A right answer stays as typed; each other field shows an example from a group left unmatched."""
    remaining = list(examples)
    lines = []
    for raw in challenge.fields:
        key = raw["key"]
        if evaluation.get(key) and key in answers:
            value = str(answers[key])
        else:
            value = remaining.pop(0) if remaining else ""
        lines.append(AnswerLine(raw["label"], conditional_escape(value)))
    return tuple(lines)


def _tutorial_view(tutorial: Tutorial) -> TutorialView:
    return TutorialView(
        title=tutorial.title,
        url=tutorial.url,
        source=tutorial.source,
        format_label=str(TUTORIAL_FORMAT_LABELS.get(tutorial.format, tutorial.format)),
        duration_label=_("%(minutes)d min") % {"minutes": tutorial.duration_minutes},
    )
