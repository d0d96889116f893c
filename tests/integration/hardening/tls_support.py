"""Certificates made by the test (``cryptography``) and Kamailio with its tls module on a free port."""

from __future__ import annotations

import datetime
import ipaddress
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.support.kamailio import CONFIG, Kamailio
from tests.support.net import free_port, stop_group


@dataclass(frozen=True)
class Issued:
    cert: Path
    key: Path


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)  # the wheel's OpenSSL is 1.0.2


def _write(directory: Path, stem: str, cert: x509.Certificate, key: rsa.RSAPrivateKey) -> Issued:
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / f"{stem}.pem", directory / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return Issued(cert_path, key_path)


def _builder(subject: x509.Name, issuer: x509.Name, public: rsa.RSAPublicKey) -> x509.CertificateBuilder:
    now = datetime.datetime.now(datetime.UTC)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public)
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=2)))


class PrivateCA:
    """A private CA that issues server certificates for chosen host names and IP addresses."""

    def __init__(self, directory: Path, name: str = "Softphone Test CA") -> None:
        self.directory = directory
        self.key = _key()
        self.name = _name(name)
        self.cert = (_builder(self.name, self.name, self.key.public_key())
                     .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                     .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                                  content_commitment=False, key_encipherment=False,
                                                  data_encipherment=False, key_agreement=False,
                                                  encipher_only=False, decipher_only=False), critical=True)
                     .sign(self.key, hashes.SHA256()))
        self.files = _write(directory, "ca", self.cert, self.key)

    def issue(self, stem: str, dns: tuple[str, ...] = (), ips: tuple[str, ...] = ()) -> Issued:
        key = _key()
        names: list[x509.GeneralName] = [x509.DNSName(d) for d in dns]
        names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
        cert = (_builder(_name((dns or ips)[0]), self.name, key.public_key())
                .add_extension(x509.SubjectAlternativeName(names), critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                .sign(self.key, hashes.SHA256()))
        return _write(self.directory, stem, cert, key)


def self_signed(directory: Path, stem: str, ip: str = "127.0.0.1") -> Issued:
    key = _key()
    name = _name(ip)
    cert = (_builder(name, name, key.public_key())
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return _write(directory, stem, cert, key)


class KamailioTls(Kamailio):
    """The suite's Kamailio config plus a TLS listener (``tls_port``) serving ``server``'s certificate."""

    def __init__(self, workdir: Path, server: Issued) -> None:
        super().__init__(workdir)
        self.server = server
        self.tls_port = free_port()

    @property
    def tls_uri(self) -> str:
        return f"sip:127.0.0.1:{self.tls_port};transport=tls"

    def _config(self) -> Path:
        tls_cfg = self.workdir / "tls.cfg"
        tls_cfg.write_text(f"""[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
private_key = {self.server.key}
certificate = {self.server.cert}

[client:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
""")
        base = CONFIG.read_text()
        base = base.replace("listen=tcp:127.0.0.1:KAM_PORT\n", f"listen=tcp:127.0.0.1:KAM_PORT\nenable_tls=yes\n"
                            f"listen=tls:127.0.0.1:{self.tls_port}\nalias=127.0.0.1:{self.tls_port}\n")
        base = base.replace('loadmodule "ctl.so"\n', f'loadmodule "ctl.so"\nloadmodule "tls.so"\n'
                            f'modparam("tls", "config", "{tls_cfg}")\n')
        config = self.workdir / "kamailio-tls.cfg"
        config.write_text(base)
        return config

    def start(self, timeout: float = 10.0) -> None:
        from tests.support.net import sip_ping

        run = self.workdir / "run"
        run.mkdir(exist_ok=True)
        config = self._config()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                ["kamailio", "-f", str(config), "-DD", "-E", "-Y", str(run), "-P", str(run / "kamailio.pid"),
                 "-m", "32", "-M", "8", "-A", f"KAM_PORT={self.port}", "-A", f'KAM_CTL="unix:{run}/ctl"'],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            sip_ping(self.port, timeout)
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"kamailio (tls) did not start; log tail:\n{self.log_tail()}") from None

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)
            self.process = None
