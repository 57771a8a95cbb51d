import re

from certification.codes import (
    ACCESS_CODE_DIGITS,
    ACCESS_CODE_LETTERS,
    INVIGILATOR_PASSWORD_ALPHABET,
    generate_access_code,
    generate_invigilator_password,
)


def test_the_access_code_is_four_consonants_then_two_digits_of_the_spec_alphabets():
    pattern = re.compile(r"^[BCDFGHJKMPQRTVWXY]{4}[2346789]{2}$")
    codes = {generate_access_code() for _ in range(300)}
    assert all(pattern.match(code) for code in codes)
    assert len(codes) > 250  # random, not a constant
    assert ACCESS_CODE_LETTERS == "BCDFGHJKMPQRTVWXY" and ACCESS_CODE_DIGITS == "2346789"


def test_the_invigilator_password_is_six_distinct_characters_of_the_spec_alphabet():
    assert INVIGILATOR_PASSWORD_ALPHABET == "23456789bcdfghjkmpqrstvwxyBCDFGHJKMPQRSTVWXY!*?"
    for _ in range(300):
        password = generate_invigilator_password()
        assert len(password) == 6
        assert set(password) <= set(INVIGILATOR_PASSWORD_ALPHABET)
        assert len(set(password)) == 6  # no character repeats


def test_a_verification_code_is_p_dash_and_eight_distinct_characters_of_its_alphabet():
    import re

    from certification.codes import VERIFICATION_CODE_PATTERN, generate_verification_code

    codes = [generate_verification_code() for _ in range(500)]
    assert all(re.fullmatch(VERIFICATION_CODE_PATTERN, code) for code in codes)
    assert all(len(set(code[2:])) == 8 for code in codes)
    assert len(set(codes)) > 490
