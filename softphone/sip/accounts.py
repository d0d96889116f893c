"""Accounts and transports on the engine thread: configure, register with backoff, remove."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from softphone.domain import commands as c
from softphone.domain.backoff import backoff_floor_delay
from softphone.domain.events import RegistrationChanged
from softphone.domain.messages import EngineCommand
from softphone.domain.threads import assert_thread
from softphone.domain.values import AccountSettings, RegistrationState
from softphone.logsetup import register_secret
from softphone.sip.config import TransportKey, account_config, transport_config
from softphone.sip.objects import SipAccount
from softphone.sip.policy import host_of, registration_reason, resolve_hosts, tls_refusal_reason
from softphone.sip.sipmsg import source_host, untrusted_text

if TYPE_CHECKING:
    from softphone.sip.engine import EngineThread

log = logging.getLogger(__name__)
_CERT_PROBLEMS = (
    (pj.PJ_SSL_CERT_EIDENTITY_NOT_MATCH, "identity"),
    (pj.PJ_SSL_CERT_EUNTRUSTED, "untrusted"),
    (pj.PJ_SSL_CERT_EISSUER_NOT_FOUND, "untrusted"),
    (pj.PJ_SSL_CERT_EVALIDITY_PERIOD, "validity"),
    (pj.PJ_SSL_CERT_EREVOKED, "revoked"),
)


class AccountManager:
    def __init__(self, engine: EngineThread) -> None:
        self.engine = engine
        self.registry: dict[str, SipAccount] = {}
        self.transports: dict[TransportKey, int] = {}
        self.tls_refusals: dict[str, str] = {}  # "host:port" we connected to -> why its certificate was refused

    def handle(self, command: EngineCommand) -> bool:
        if isinstance(command, c.ConfigureAccount):
            self.configure(command.settings)
        elif isinstance(command, c.RemoveAccount):
            self.remove(command.account_id)
        elif isinstance(command, c.ReRegister):
            self.reregister(command.account_id)
        elif isinstance(command, c.NetworkChanged):
            self.engine.ep.handleIpChange(pj.IpChangeParam())
        else:
            return False
        return True

    def get(self, account_id: str) -> SipAccount:
        from softphone.sip.engine import CommandError

        account = self.registry.get(account_id)
        if account is None:
            raise CommandError(f"no account {account_id!r} is configured")
        return account

    def configure(self, settings: AccountSettings) -> None:
        assert_thread(self.engine.owner)
        if settings.password is not None:
            register_secret(settings.password.reveal())
        if settings.account_id in self.registry:
            self.remove(settings.account_id, announce=False)
        transport_id = self._transport(settings)
        hosts = [host_of(settings.registrar), host_of(settings.outbound_proxy)] if settings.registrar else []
        account = SipAccount(self.engine, settings, resolve_hosts(hosts))
        account.contact = self.local_contact(settings, transport_id)
        account.create(account_config(settings, transport_id))
        self.registry[settings.account_id] = account
        self.engine.calls.apply_codecs(settings.codecs)
        if settings.stun_servers:
            self.engine.ep.natUpdateStunServers(list(settings.stun_servers), False)
        if settings.is_local:
            self._publish(account, RegistrationState.LOCAL, reason="ready for direct calls")
        else:
            self._publish(account, RegistrationState.REGISTERING, reason="registering")

    def local_contact(self, settings: AccountSettings, transport_id: int) -> str:
        address = self.engine.ep.transportGetInfo(transport_id).localName
        suffix = "" if settings.transport.value == "udp" else f";transport={settings.transport.value}"
        return f"sip:{settings.username}@{address}{suffix}"

    def _transport(self, settings: AccountSettings) -> int:
        key = TransportKey.of(settings)
        if key not in self.transports:
            kind, cfg = transport_config(key)
            self.transports[key] = self.engine.ep.transportCreate(kind, cfg)
        return self.transports[key]

    def reregister(self, account_id: str) -> None:
        account = self.get(account_id)
        if account.settings.is_local:
            return
        self.engine.cancel(account.retry_timer)
        account.retry_timer = None
        account.setRegistration(True)
        self._publish(account, RegistrationState.REGISTERING, reason="registering")

    def remove(self, account_id: str, announce: bool = True) -> None:
        account = self.get(account_id)
        self.engine.cancel(account.retry_timer)
        del self.registry[account_id]
        account.shutdown()  # sends the un-REGISTER; the object dies with its last reference, here
        if announce:
            self._publish(account, RegistrationState.UNREGISTERED, reason="account removed")

    def shutdown_all(self) -> None:
        for account in self.registry.values():
            self.engine.cancel(account.retry_timer)
            try:
                account.shutdown()
            except pj.Error as exc:
                log.warning("account shutdown: %s", exc.info())

    def forget_all(self) -> None:
        self.registry.clear()

    def on_reg_state(self, account: SipAccount, prm: Any) -> None:
        if self.registry.get(account.settings.account_id) is not account:
            return  # a removed account's late answer
        code = int(prm.code)
        if 200 <= code < 300:
            if prm.expiration > 0:
                account.failures = 0
                self.engine.cancel(account.retry_timer)
                account.retry_timer = None
                try:  # whoever answered our REGISTER is our registrar (or its proxy): trust it
                    source = source_host(prm.rdata.srcAddress)
                    if source:
                        account.trusted_sources = account.trusted_sources | {source}
                except Exception:
                    pass
                self._publish(account, RegistrationState.REGISTERED, code=code, reason="registered",
                              expires_s=int(prm.expiration))
            else:
                self._publish(account, RegistrationState.UNREGISTERED, code=code, reason="unregistered")
            return
        account.failures += 1
        error_text = ""
        if prm.status != 0:
            try:
                error_text = self.engine.ep.utilStrError(prm.status)
            except pj.Error:
                error_text = ""
        settings = account.settings
        reason = registration_reason(code, untrusted_text(str(prm.reason)), error_text)
        if settings.transport.value == "tls" and reason.startswith("TLS"):
            reason = self._tls_refusal_for(settings) or reason
        delay = backoff_floor_delay(account.failures, settings.retry_min_s, settings.retry_max_s)
        self.engine.cancel(account.retry_timer)
        account.retry_timer = self.engine.schedule(delay, lambda: self._retry(account))
        self._publish(account, RegistrationState.FAILED, code=code,
                      reason=reason, retry_in_s=round(delay, 3))

    def on_transport_state(self, prm: Any) -> None:
        """Keep why a TLS server's certificate failed verification; the REGISTER failure only says 503."""
        info = prm.tlsInfo
        if info.isEmpty() or not info.verifyStatus:
            return
        status = int(info.verifyStatus)
        problems = {name for flag, name in _CERT_PROBLEMS if status & flag} or {"other"}
        cert = info.remoteCertInfo
        names = tuple(dict.fromkeys(untrusted_text(str(n.name)) for n in cert.subjectAltName)) or (
            (untrusted_text(str(cert.subjectCn)),) if cert.subjectCn else ())
        remote = source_host(str(info.remoteAddr)) or str(info.remoteAddr)
        reason = tls_refusal_reason(frozenset(problems), remote, names, issuer=untrusted_text(str(cert.issuerCn)),
                                    self_signed=str(cert.issuerInfo) == str(cert.subjectInfo))
        self.tls_refusals[str(info.remoteAddr)] = reason
        log.warning("TLS to %s refused: %s", info.remoteAddr, reason)

    def _tls_refusal_for(self, settings: AccountSettings) -> str | None:
        target = settings.outbound_proxy or settings.registrar
        host = host_of(target)
        port = target.split(";", 1)[0].rsplit(":", 1)[-1] if target.count(":") >= 2 else ""
        for address, reason in reversed(list(self.tls_refusals.items())):
            if source_host(address) == host and (not port or address.endswith(f":{port}")):
                return reason
        return None

    def _retry(self, account: SipAccount) -> None:
        account.retry_timer = None
        if self.registry.get(account.settings.account_id) is not account:
            return
        try:
            account.setRegistration(True)
        except pj.Error as exc:  # e.g. a registration already under way
            log.info("re-registration of %s not started: %s", account.settings.account_id, exc.info())

    def _publish(self, account: SipAccount, state: RegistrationState, **fields: Any) -> None:
        self.engine.publish(RegistrationChanged(account_id=account.settings.account_id, state=state,
                                                contact=account.contact, **fields))
