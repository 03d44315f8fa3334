"""Scaffolding: ``unionsite new KIND`` writes a new record that already passes validation.

Choices made here, and why:

* The command writes only records that validate (strictly, warnings included). Every field the
  schema (or a rule, such as a 公示's objection contact) requires must be given, as a flag or, in
  a terminal, as an answer; there are no placeholders that an officer could publish by mistake.
  What the command can fill in itself it does: the id, ``state: draft``, today's date for a
  notice or proposal of this year, a 公示's period, a proposal's number and first history step,
  a work plan item's paragraph and status.
* Optional fields and child lists the officer fills in later are written commented out, each
  with its meaning above it; the comments come from the schemas' titles, descriptions and
  enums, so they follow the schemas.
* Before writing, the project is validated with the new file in place (``validate_project``'s
  overlay), and only problems of the new record are shown: cross-field rules (end before start,
  too short a 公示, an unknown work plan item) are caught before anything is written.
* Ids never reuse a gap: see ``ids``. A work plan item goes into the year's existing file by the
  ruamel round-trip, and only if every other line stays as it was: see ``workplan``.

Modules: ``kinds`` (what each kind needs beyond its schema), ``asks`` (flags and answers from the
schema), ``ids``, ``skeleton`` (the commented YAML), ``workplan``, ``service`` (one run), and
``command`` (click). Only ``command`` is imported with the command line; the rest load on use.
"""
