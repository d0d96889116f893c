"""Building pjsua2 configuration objects from our settings (engine thread only)."""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from typing import Any

import pjsua2 as pj

from softphone.domain.values import AccountSettings, SrtpPolicy, Transport
from softphone.sip.pjlog import PjLogWriter

USER_AGENT = "softphone/0.1 (PJSIP)"
_CA_BUNDLES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem",
               "/usr/local/etc/openssl/cert.pem")

_TRANSPORT_TYPES = {
    Transport.UDP: pj.PJSIP_TRANSPORT_UDP,
    Transport.TCP: pj.PJSIP_TRANSPORT_TCP,
    Transport.TLS: pj.PJSIP_TRANSPORT_TLS,
}
_SRTP = {
    SrtpPolicy.OFF: pj.PJMEDIA_SRTP_DISABLED,
    SrtpPolicy.OPTIONAL: pj.PJMEDIA_SRTP_OPTIONAL,
    SrtpPolicy.MANDATORY: pj.PJMEDIA_SRTP_MANDATORY,
}


@dataclass(frozen=True)
class TransportKey:
    """Accounts that agree on these share one pjsua2 transport."""

    transport: Transport
    bind_address: str
    port: int
    tls_verify: bool
    tls_ca_file: str

    @classmethod
    def of(cls, settings: AccountSettings) -> TransportKey:
        tls = settings.transport is Transport.TLS
        return cls(
            settings.transport,
            settings.bind_address,
            settings.local_port,
            settings.tls_verify_server if tls else True,
            settings.tls_ca_file if tls else "",
        )


def endpoint_config(writer: PjLogWriter, pj_log_level: int, stun_servers: tuple[str, ...] = ()) -> Any:
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0  # rule 1: callbacks only inside our libHandleEvents
    cfg.uaConfig.mainThreadOnly = True
    cfg.uaConfig.userAgent = USER_AGENT
    cfg.uaConfig.maxCalls = 8  # pjsua answers 486 beyond this before making media sockets (64-handle ioqueue)
    for server in stun_servers:
        cfg.uaConfig.stunServer.append(server)
    cfg.uaConfig.stunIgnoreFailure = True
    cfg.logConfig.writer = writer
    # pjsua hands lines to the writer only up to consoleLevel: the writer IS our console
    cfg.logConfig.consoleLevel = pj_log_level
    cfg.logConfig.level = pj_log_level
    cfg.logConfig.msgLogging = 1 if pj_log_level >= 4 else 0
    cfg.medConfig.noVad = True
    cfg.medConfig.ecTailLen = 0  # no pjmedia echo canceller: it cannot see our PortAudio playout
    return cfg


def system_ca_file() -> str:
    """The system's CA bundle, for "no CA file configured".

    PJSIP loads no default verify paths, and the wheel's own OpenSSL 1.0.2 looks in
    /etc/pki/tls, which most systems lack: without this, TLS to a server with a public
    certificate always failed. Honours SSL_CERT_FILE like OpenSSL; certifi as the last resort.
    """
    cafile = ssl.get_default_verify_paths().cafile  # SSL_CERT_FILE, else OpenSSL's compiled-in file
    for candidate in (cafile or "", *_CA_BUNDLES):
        if candidate and os.path.isfile(candidate):
            return candidate
    try:
        import certifi
    except ImportError:
        return ""
    return str(certifi.where())


def transport_config(key: TransportKey) -> tuple[int, Any]:
    cfg = pj.TransportConfig()
    cfg.port = key.port
    if key.bind_address:
        cfg.boundAddress = key.bind_address
    if key.transport is Transport.TLS:
        tls = cfg.tlsConfig
        tls.verifyServer = key.tls_verify
        tls.verifyClient = False
        ca_file = key.tls_ca_file or system_ca_file()  # "" = the system store (AccountSettings)
        if ca_file:
            tls.CaListFile = ca_file
        tls.method = pj.PJSIP_TLSV1_2_METHOD
    return _TRANSPORT_TYPES[key.transport], cfg


def with_transport_param(uri: str, transport: Transport) -> str:
    if transport is Transport.UDP or "transport=" in uri.lower():
        return uri
    return f"{uri};transport={transport.value}"


def account_config(settings: AccountSettings, transport_id: int) -> Any:
    cfg = pj.AccountConfig()
    name = settings.display_name.replace('"', "")
    address = f"sip:{settings.username}@{settings.domain}"
    cfg.idUri = f'"{name}" <{address}>' if name else address
    reg = cfg.regConfig
    if settings.registrar:
        reg.registrarUri = with_transport_param(settings.registrar, settings.transport)
        reg.registerOnAdd = True
        reg.timeoutSec = settings.expiry_s
        reg.retryIntervalSec = 0  # our own capped backoff with jitter decides (engine timers)
        reg.firstRetryIntervalSec = 0
        reg.dropCallsOnFail = False
    else:
        reg.registerOnAdd = False
    if settings.password is not None:
        cred = pj.AuthCredInfo("digest", "*", settings.auth_username or settings.username, 0,
                               settings.password.reveal())
        cfg.sipConfig.authCreds.append(cred)
    if settings.outbound_proxy:
        cfg.sipConfig.proxies.append(with_transport_param(settings.outbound_proxy + ";lr"
                                                          if ";lr" not in settings.outbound_proxy
                                                          else settings.outbound_proxy, settings.transport))
    cfg.sipConfig.transportId = transport_id
    nat = cfg.natConfig
    use_stun = pj.PJSUA_STUN_USE_DEFAULT if settings.stun_servers else pj.PJSUA_STUN_USE_DISABLED
    nat.sipStunUse = use_stun
    nat.mediaStunUse = use_stun
    nat.iceEnabled = settings.ice
    if settings.is_local:
        nat.contactRewriteUse = 0
        nat.viaRewriteUse = 0
        nat.sdpNatRewriteUse = 0
    media = cfg.mediaConfig
    media.transportConfig.port = settings.rtp_port
    media.transportConfig.portRange = settings.rtp_port_range
    if settings.bind_address and not settings.ice:  # ICE gathers host candidates itself (EINVAL if bound)
        media.transportConfig.boundAddress = settings.bind_address
    media.srtpUse = _SRTP[settings.srtp]
    # SDES keys travel in the SDP: demand TLS signalling only when we have it
    media.srtpSecureSignaling = 1 if settings.transport is Transport.TLS and settings.srtp is not SrtpPolicy.OFF else 0
    return cfg


def codec_priorities(available: list[str], preferred: tuple[str, ...]) -> dict[str, int]:
    """pjsua2 codec ids -> priority: ``preferred`` in order, the rest disabled (0)."""
    priorities = {codec: 0 for codec in available}
    level = 255
    for wanted in preferred:
        for codec in available:
            if codec.lower().startswith(wanted.lower()) and priorities[codec] == 0:
                priorities[codec] = level
                level -= 1
    if not any(priorities.values()):  # nothing matched: keep pjsua2's defaults rather than no codec
        return {codec: 128 for codec in available}
    return priorities
