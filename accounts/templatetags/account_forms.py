"""Form fields rendered the same accessible way on every account page.

Label, then the hint, then the error, then the input (the order screen readers announce them), the
input pointing at its hint and error with ``aria-describedby`` and flagged with ``aria-invalid``.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField

register = template.Library()


@register.inclusion_tag("accounts/includes/field.html")
def form_field(field: BoundField, hint: str = "", autofocus: bool = False) -> dict:
    rules = getattr(field.field, "password_rules", False)
    hint = hint or field.help_text
    described_by = []
    if hint:
        described_by.append(f"{field.auto_id}_hint")
    if rules:
        described_by.append(f"{field.auto_id}_rules")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    attrs: dict[str, str | bool] = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if autofocus:
        attrs["autofocus"] = True
    if rules:
        attrs["data-password-rules"] = f"{field.auto_id}_rules"
    return {
        "field": field,
        "hint": hint,
        "rules": rules,
        "widget": field.as_widget(attrs=attrs),
        "is_checkbox": field.widget_type == "checkbox",
        "is_password": field.widget_type == "password",
    }
