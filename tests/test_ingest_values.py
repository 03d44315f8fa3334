"""Property tests for the answer normalisers: phones, staff ids, dates, multi-select."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from generator.dates import CHINA
from generator.ingest import values
from generator.ingest.forms import FormField
from generator.ingest.platforms import GOOGLE, MSFORMS, WJX
from generator.ingest.rows import _split_choices

MOBILES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@given(MOBILES, st.sampled_from(["{}", "+86 {}", "+86{}", "0086{}", " {} ", "{}\t"]),
       st.sampled_from(["", " ", "-"]), st.booleans())
def test_any_written_form_of_a_mobile_reads_back(number: str, shape: str, separator: str, wide: bool) -> None:
    spaced = separator.join([number[:3], number[3:7], number[7:]])
    text = shape.format(spaced)
    if wide:
        text = text.translate(FULL_WIDTH)
    assert values.phone(text) == values.Value(number)


@given(st.integers(min_value=10_000_000_000, max_value=19_999_999_999))
def test_a_phone_in_scientific_notation_is_never_guessed(number: int) -> None:
    result = values.phone(f"{number:.2E}")
    assert result.value is None and result.review and "科学计数法" in result.review


@given(st.from_regex(r"[0-9]{4,12}", fullmatch=True), st.booleans(), st.sampled_from(["", " ", "\t"]))
def test_staff_ids_keep_every_digit(staff_id: str, wide: bool, pad: str) -> None:
    text = pad + (staff_id.translate(FULL_WIDTH) if wide else staff_id) + pad
    assert values.staff_id(text) == values.Value(staff_id)


MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda d: d.replace(microsecond=0))


@given(MOMENTS, st.sampled_from(["wjx", "tencent", "google", "iso", "excel-serial"]))
def test_platform_timestamps_read_back(moment: datetime, shape: str) -> None:
    if shape == "wjx":
        text = f"{moment.year}/{moment.month}/{moment.day} {moment.hour}:{moment:%M:%S}"
    elif shape == "tencent":
        text = moment.strftime("%d-") + ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                         "Dec"][moment.month - 1] + moment.strftime("-%Y %H:%M:%S")
    elif shape == "google":
        text = f"{moment:%Y/%m/%d} {moment.hour % 12 or 12}:{moment:%M:%S} {'PM' if moment.hour >= 12 else 'AM'} GMT+8"
    elif shape == "iso":
        text = moment.isoformat(sep=" ")
    else:
        text = repr((moment - datetime(1899, 12, 30)) / timedelta(days=1))
    assert values.parse_datetime(text) == moment.replace(tzinfo=CHINA)


OPTIONS = ["乒乓球", "羽毛球", "健身走", "拔河, 跳绳", "A;B"]


@given(st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=4, unique=True))
def test_multi_select_splits_back_into_its_options(chosen: list[str]) -> None:
    field = FormField("items", ("参加项目",), "multi_choice", options=tuple(OPTIONS))
    assert _split_choices("┋".join(chosen), field, WJX) == chosen
    assert _split_choices(", ".join(chosen), field, GOOGLE) == chosen
    if not any(";" in c for c in chosen):
        assert _split_choices(";".join(chosen) + ";", field, MSFORMS) == chosen
