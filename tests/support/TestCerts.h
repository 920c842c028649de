// Certificates for TLS tests, made in the test with OpenSSL's X509 API: a CA and the server
// certificates it signs (for 127.0.0.1 as an IP subject alternative name, expired, for another
// name), and self-signed ones, written as PEM files. Keys are EC P-256: quick to generate.
#pragma once

#include "HttpApi.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

namespace tandem::test {

struct CertOptions {
    std::string subjectAltName = "IP:127.0.0.1";
    // Valid from and until, relative to now: a certificate that expired yesterday is {-48h, -24h}.
    std::chrono::hours notBefore{-1};
    std::chrono::hours notAfter{24 * 30};
};

namespace certs {

struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
    void operator()(X509* c) const { X509_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

inline void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("making a test certificate: ") + what + " failed");
}

inline Key newKey() {
    Key key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EVP_EC_gen");
    return key;
}

inline void addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    check(ext != nullptr, "X509V3_EXT_conf_nid");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

// A certificate for `key` named `commonName`, signed by `issuerKey` as `issuer` (itself when null).
inline Cert makeCert(EVP_PKEY* key, const std::string& commonName, X509* issuer, EVP_PKEY* issuerKey, bool isCa,
                     const CertOptions& o) {
    Cert cert(X509_new());
    check(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    unsigned char serial[8];
    check(RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
    serial[0] &= 0x7F;  // positive
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), std::chrono::seconds(o.notBefore).count());
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), std::chrono::seconds(o.notAfter).count());
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Tandem tests"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(commonName.c_str()), -1, -1, 0);
    X509* signer = issuer ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
    if (isCa) {
        addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        addExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        addExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
        if (!o.subjectAltName.empty()) addExtension(cert.get(), signer, NID_subject_alt_name, o.subjectAltName);
    }
    addExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
    check(X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256()) > 0, "X509_sign");
    return cert;
}

inline void writePem(const std::string& path, X509* cert, EVP_PKEY* key) {
    FILE* f = std::fopen(path.c_str(), "w");
    check(f != nullptr, "fopen");
    const bool ok = cert ? PEM_write_X509(f, cert) == 1 : PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    std::fclose(f);
    check(ok, "PEM_write");
}

}  // namespace certs

// A test CA in `dir` (ca.pem) and the server certificates it issues.
class TestCa {
public:
    explicit TestCa(std::string dir) : dir_(std::move(dir)), key_(certs::newKey()) {
        cert_ = certs::makeCert(key_.get(), "Tandem test CA", nullptr, nullptr, true, CertOptions{"", std::chrono::hours(-1), std::chrono::hours(24 * 365)});
        certs::writePem(caFile(), cert_.get(), nullptr);
    }
    std::string caFile() const { return dir_ + "/ca.pem"; }

    // dir/NAME.pem and dir/NAME-key.pem, signed by this CA.
    server::TlsFiles issue(const std::string& name, const CertOptions& o = {}) const {
        return write(name, o, false);
    }
    // The same, signed by its own key: no CA vouches for it.
    server::TlsFiles selfSigned(const std::string& name, const CertOptions& o = {}) const {
        return write(name, o, true);
    }

private:
    server::TlsFiles write(const std::string& name, const CertOptions& o, bool self) const {
        auto key = certs::newKey();
        auto cert = certs::makeCert(key.get(), name, self ? nullptr : cert_.get(), self ? nullptr : key_.get(), false, o);
        server::TlsFiles files{dir_ + "/" + name + ".pem", dir_ + "/" + name + "-key.pem"};
        certs::writePem(files.certFile, cert.get(), nullptr);
        certs::writePem(files.keyFile, nullptr, key.get());
        return files;
    }

    std::string dir_;
    certs::Key key_;
    certs::Cert cert_;
};

}  // namespace tandem::test
