from __future__ import annotations

from softphone.sip.sipmsg import (
    parse_headers,
    remote_identity,
    source_host,
    split_name_addr,
    uri_user,
    wants_auto_answer,
)

INVITE = (
    "INVITE sip:agent1@10.0.0.5:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n"
    'From: "Γιώργος Παπαδόπουλος" <sip:+302101234567@pbx.example>;tag=abc\r\n'
    "To: <sip:agent1@pbx.example>\r\n"
    "P-Asserted-Identity: \"Acme Corp\" <sip:+302109999999@pbx.example>\r\n"
    "X-Customer-Id: 4711\r\n"
    "X-Queue: sales\r\n"
    "Subject: a long\r\n header folded\r\n"
    "Call-ID: 1@x\r\n"
    "Content-Length: 0\r\n\r\n"
)


def test_headers_in_order_with_folding() -> None:
    headers = parse_headers(INVITE)
    assert headers[0][0] == "Via"
    assert ("Subject", "a long header folded") in headers


def test_identity_prefers_p_asserted_identity_and_keeps_x_headers() -> None:
    identity = remote_identity(INVITE)
    assert identity.user == "+302109999999"
    assert identity.display_name == "Acme Corp"
    assert identity.from_header.startswith('"Γιώργος')
    assert identity.header("x-customer-id") == "4711"
    assert identity.header("X-Queue") == "sales"
    assert identity.header("Subject") is None


def test_identity_from_from_header_compact_form_and_extra_names() -> None:
    message = "INVITE sip:a@b SIP/2.0\r\nf: Bob <sip:bob@h>;tag=1\r\nX-IVR-Account: 99\r\nAccount-Ref: 7\r\n\r\n"
    identity = remote_identity(message, extra_header_names=("Account-Ref",))
    assert (identity.display_name, identity.user, identity.uri) == ("Bob", "bob", "sip:bob@h")
    assert identity.header("Account-Ref") == "7"


def test_anonymous_caller() -> None:
    message = 'INVITE sip:a@b SIP/2.0\r\nFrom: "Anonymous" <sip:anonymous@anonymous.invalid>;tag=1\r\n\r\n'
    identity = remote_identity(message)
    assert identity.user == "anonymous"


def test_name_addr_variants() -> None:
    assert split_name_addr('"A \\"quoted\\" name" <sip:x@y>;tag=1') == ('A "quoted" name', "sip:x@y")
    assert split_name_addr("sip:x@y;tag=1") == ("", "sip:x@y")
    assert split_name_addr("Plain Name <tel:+301>") == ("Plain Name", "tel:+301")
    assert uri_user("tel:+30210;phone-context=x") == "+30210"
    assert uri_user("sips:bob@h:5061;transport=tls") == "bob"


def test_auto_answer_markers() -> None:
    base = "INVITE sip:a@b SIP/2.0\r\n"
    assert wants_auto_answer(base + "Call-Info: <sip:pbx>;answer-after=0\r\n\r\n")
    assert wants_auto_answer(base + "Alert-Info: <http://x>;info=alert-autoanswer\r\n\r\n")
    assert wants_auto_answer(base + "Answer-Mode: Auto\r\n\r\n")
    assert not wants_auto_answer(base + "Alert-Info: <http://ring>\r\n\r\n")


def test_source_host() -> None:
    assert source_host("127.0.0.1:5060") == "127.0.0.1"
    assert source_host("[::1]:5060") == "::1"
