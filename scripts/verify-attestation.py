#!/usr/bin/env python3
"""Verifies a Verdict attestation without Verdict: securesystemslib checks the DSSE signature
with the Ed25519 public key, in-toto-attestation parses the in-toto Statement v1.

usage: verify-attestation.py ENVELOPE KEY.pub
Exit 0 when both hold, 1 when either fails (the reason on standard error)."""
import base64
import hashlib
import json
import sys

from securesystemslib.dsse import Envelope
from securesystemslib.signer import SSlibKey
from in_toto_attestation.v1.statement import Statement  # noqa: F401  (the Statement v1 binding)
from in_toto_attestation.v1.statement_pb2 import Statement as StatementProto
from google.protobuf import json_format


# RFC 8410: the DER of an Ed25519 SubjectPublicKeyInfo is this fixed prefix and the 32-byte key.
SPKI_ED25519_PREFIX = bytes.fromhex("302a300506032b6570032100")


def public_key(path):
    """The raw 32-byte Ed25519 key of a .pub file: SubjectPublicKeyInfo PEM (what `verdict keygen`
    and `openssl pkey -pubout` write) or Verdict's earlier PEM label around the raw bytes."""
    lines = [line.strip() for line in open(path, encoding="utf-8").read().splitlines() if line.strip()]
    if len(lines) < 3:
        raise SystemExit(f"{path}: not an Ed25519 public key")
    body = base64.b64decode("".join(lines[1:-1]))
    if lines[0] == "-----BEGIN PUBLIC KEY-----" and lines[-1] == "-----END PUBLIC KEY-----":
        if len(body) != 44 or not body.startswith(SPKI_ED25519_PREFIX):
            raise SystemExit(f"{path}: not an Ed25519 SubjectPublicKeyInfo")
        return body[len(SPKI_ED25519_PREFIX):]
    if lines[0] == "-----BEGIN VERDICT ED25519 PUBLIC KEY-----" and len(body) == 32:
        return body
    raise SystemExit(f"{path}: not an Ed25519 public key")


def main():
    envelope_path, key_path = sys.argv[1], sys.argv[2]
    with open(envelope_path, "rb") as handle:
        data = json.load(handle)
    envelope = Envelope.from_dict(data)
    raw = public_key(key_path)
    fingerprint = "SHA256:" + hashlib.sha256(raw).hexdigest()
    failed = False
    # The key is tried under the envelope's keyid, so that a wrong key fails on the Ed25519
    # check itself rather than only on a keyid mismatch; the keyid is compared separately.
    keyids = [signature.keyid for signature in envelope.signatures.values()]
    if fingerprint not in keyids:
        print(f"dsse: keyid {keyids} is not the key's fingerprint {fingerprint}", file=sys.stderr)
        failed = True
    try:
        envelope.verify([SSlibKey(keyid, "ed25519", "ed25519", {"public": raw.hex()}) for keyid in keyids], 1)
    except Exception as error:  # securesystemslib raises VerificationError
        print(f"dsse: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    if failed:
        return 1
    if envelope.payload_type != "application/vnd.in-toto+json":
        print(f"dsse: unexpected payloadType {envelope.payload_type}", file=sys.stderr)
        return 1
    try:
        proto = json_format.Parse(envelope.payload.decode("utf-8"), StatementProto())
        statement = Statement.copy_from_pb(proto)
        statement.validate()
    except Exception as error:
        print(f"in-toto: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(f"ok: {proto.predicate_type}, {len(proto.subject)} subjects")
    return 0


if __name__ == "__main__":
    sys.exit(main())
