package pki
import data.files
certs := crypto.x509.parse_certificates(files["chain.pem"])
verify := crypto.x509.parse_and_verify_certificates(files["chain.pem"])
csr := crypto.x509.parse_certificate_request(files["leaf.csr"])
csr2 := crypto.x509.parse_certificate_request(files["inter.csr"])
keys := crypto.parse_private_keys(concat("", [files["leaf.key"], files["leaf-pkcs1.key"], files["ed.key"], files["ec384.key"], files["inter.key"]]))
jwk := crypto.x509.parse_rsa_private_key(files["leaf.key"])
jwk_ec := crypto.x509.parse_rsa_private_key(files["inter.key"])
pair := crypto.x509.parse_keypair(files["leaf.pem"], files["leaf.key"])
