// A throwaway CA and a serving certificate for 127.0.0.1/localhost. Keys are ECDSA P-256 from node:crypto
// (milliseconds, where RSA takes hundreds); node-forge only provides the ASN.1/DER encoder, since its own
// certificate signer is RSA-only.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

const U = asn1.Class.UNIVERSAL;
const seq = (items: Asn1[]): Asn1 => asn1.create(U, asn1.Type.SEQUENCE, true, items);
const oid = (value: string): Asn1 => asn1.create(U, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
const octets = (bytes: string): Asn1 => asn1.create(U, asn1.Type.OCTETSTRING, false, bytes);
const bool = (value: boolean): Asn1 => asn1.create(U, asn1.Type.BOOLEAN, false, value ? '\xff' : '\x00');
const der = (node: Asn1): string => asn1.toDer(node).getBytes();
const binary = (buffer: Buffer): string => buffer.toString('binary');

function name(commonName: string): Asn1 {
  const attribute = (type: string, value: string): Asn1 =>
    asn1.create(U, asn1.Type.SET, true, [seq([oid(type), asn1.create(U, asn1.Type.UTF8, false, forge.util.encodeUtf8(value))])]);
  return seq([attribute(OID.organization, 'kubernetes-emulator'), attribute(OID.commonName, commonName)]);
}

function extension(id: string, critical: boolean, value: Asn1): Asn1 {
  return seq([oid(id), ...(critical ? [bool(true)] : []), octets(der(value))]);
}

/** DER bit string of key-usage bits, numbered as in RFC 5280 (0 = digitalSignature, 5 = keyCertSign, 6 = cRLSign). */
function keyUsage(bits: number[]): Asn1 {
  let byte = 0;
  for (const bit of bits) byte |= 0x80 >> bit;
  let unused = 0;
  while (unused < 7 && (byte & (1 << unused)) === 0) unused += 1;
  return asn1.create(U, asn1.Type.BITSTRING, false, String.fromCharCode(unused, byte));
}

function keyId(publicKey: KeyObject): string {
  return binary(createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest());
}

interface CertInput {
  readonly subject: string;
  readonly publicKey: KeyObject;
  readonly issuer: string;
  readonly issuerKey: KeyObject;
  readonly issuerPublicKey: KeyObject;
  readonly extensions: Asn1[];
}

function certificate(input: CertInput): string {
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const algorithm = seq([oid(OID.ecdsaWithSha256)]);
  const tbs = seq([
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [asn1.create(U, asn1.Type.INTEGER, false, '\x02')]),
    asn1.create(U, asn1.Type.INTEGER, false, binary(serial)),
    algorithm,
    name(input.issuer),
    seq([
      asn1.create(U, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(notBefore)),
      asn1.create(U, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(notAfter)),
    ]),
    name(input.subject),
    asn1.fromDer(binary(input.publicKey.export({ type: 'spki', format: 'der' }))),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 3, true, [seq([
      extension(OID.subjectKeyIdentifier, false, octets(keyId(input.publicKey))),
      extension(OID.authorityKeyIdentifier, false, seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, keyId(input.issuerPublicKey))])),
      ...input.extensions,
    ])]),
  ]);
  const tbsDer = Buffer.from(der(tbs), 'binary');
  const signature = sign('sha256', tbsDer, { key: input.issuerKey, dsaEncoding: 'der' });
  const cert = seq([tbs, algorithm, asn1.create(U, asn1.Type.BITSTRING, false, `\x00${binary(signature)}`)]);
  const base64 = Buffer.from(der(cert), 'binary').toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

export interface ServingCertificate {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export function createServingCertificate(clusterId: string): ServingCertificate {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const server = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = `kubernetes-emulator-ca-${clusterId}`;
  const caPem = certificate({
    subject: caName,
    publicKey: ca.publicKey,
    issuer: caName,
    issuerKey: ca.privateKey,
    issuerPublicKey: ca.publicKey,
    extensions: [
      extension(OID.basicConstraints, true, seq([bool(true)])),
      extension(OID.keyUsage, true, keyUsage([0, 5, 6])),
    ],
  });
  const certPem = certificate({
    subject: 'kube-apiserver',
    publicKey: server.publicKey,
    issuer: caName,
    issuerKey: ca.privateKey,
    issuerPublicKey: ca.publicKey,
    extensions: [
      extension(OID.basicConstraints, true, seq([])),
      extension(OID.keyUsage, true, keyUsage([0])),
      extension(OID.extKeyUsage, false, seq([oid(OID.serverAuth)])),
      extension(OID.subjectAltName, false, seq([
        asn1.create(asn1.Class.CONTEXT_SPECIFIC, 2, false, 'localhost'),
        asn1.create(asn1.Class.CONTEXT_SPECIFIC, 7, false, '\x7f\x00\x00\x01'),
      ])),
    ],
  });
  return { caPem, certPem, keyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
