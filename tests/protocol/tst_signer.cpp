// HMAC signing and verification against vectors computed offline with Python's hmac module:
//   hmac.new(key, digestmod=hashlib.sha256); h.update(frame) for each of the four frames; h.hexdigest()
#include "protocol/signer.h"

#include <QtTest>

#include <array>
#include <string>

using Notebench::Protocol::Signer;

namespace {

using Frames = std::array<std::string, 4>;

std::array<std::string_view, 4> views(const Frames &frames)
{
    return {frames[0], frames[1], frames[2], frames[3]};
}

const Frames kBasic{R"({"msg_id":"1"})", "{}", "{}", R"({"code":"1+1"})"};
const std::string kBasicSha256 = "f29edc2ae347e99e996cf426a9068abd72bbac08f131d7b7d863f0430600434a";

} // namespace

Q_DECLARE_METATYPE(Frames)

class TestSigner : public QObject {
    Q_OBJECT

private slots:
    void knownVectors_data();
    void knownVectors();
    void emptyKeyDisablesSigning();
    void wrongKeyIsRejected();
    void malformedSignatures_data();
    void malformedSignatures();
    void invalidScheme();
};

void TestSigner::knownVectors_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<Frames>("frames");
    QTest::addColumn<QString>("expected");

    QTest::newRow("basic") << QByteArray("secret-key") << "hmac-sha256" << kBasic
                           << QString::fromStdString(kBasicSha256);
    QTest::newRow("uuid key") << QByteArray("89d4e609-903ccf9f1a8727e39ee6165b") << "hmac-sha256"
                              << Frames{R"({"msg_type":"execute_request"})", "{}", "{}", "{}"}
                              << "ff196b6fd6562e2307dd947542c3512cebe3e314754d78e2411134fb50c469a3";
    QTest::newRow("empty frames") << QByteArray("k") << "hmac-sha256" << Frames{"", "", "", ""}
                                  << "8bb990c40a7d61cb97597a942125025be50ac8beb74436e3735b98893a7f6620";
    QTest::newRow("utf-8 key and frames")
        << QByteArray("cl\xc3\xa9") << "hmac-sha256"
        << Frames{"{\"a\":\"\xce\xb1\"}", "{}", R"({"x":1})", "{\"text\":\"\xe2\x82\xac\"}"}
        << "2dec1bd623fafcb479c498faa6d5d054761421a868d2a222f91111fbb06500fd";
    QTest::newRow("key longer than a block") << QByteArray(200, 'K') << "hmac-sha256"
                                             << Frames{"h", "p", "m", "c"}
                                             << "e453a1167e4bbe87e38b0c1a6fb3b6f289d324bf22ddc1d3616339718a2e1245";
    QTest::newRow("sha1") << QByteArray("secret-key") << "hmac-sha1" << kBasic
                          << "91a4a16ab1eee7eea79ebc58444d06f0e336e5c3";
    QTest::newRow("sha512") << QByteArray("secret-key") << "hmac-sha512" << kBasic
                            << "7b5b03642c0ed52f74deb1dbd29dacb11d7d76aa25e008f94c3a1b0f06ba8403"
                               "038b3993eb87204c5cbc8edc02c504ef0bf7fa4a620b5cfda6517a14d5386945";
}

void TestSigner::knownVectors()
{
    QFETCH(QByteArray, key);
    QFETCH(QString, scheme);
    QFETCH(Frames, frames);
    QFETCH(QString, expected);

    const Signer signer(key.toStdString(), scheme.toStdString());
    QVERIFY(signer.isValidScheme());
    QVERIFY(signer.enabled());
    QCOMPARE(QString::fromStdString(signer.sign(views(frames))), expected);
    QVERIFY(signer.verify(views(frames), expected.toStdString()));
}

void TestSigner::emptyKeyDisablesSigning()
{
    const Signer signer;
    QVERIFY(!signer.enabled());
    QCOMPARE(signer.sign(views(kBasic)), std::string());
    // jupyter_client: with no key, signatures are not checked at all.
    QVERIFY(signer.verify(views(kBasic), ""));
    QVERIFY(signer.verify(views(kBasic), "anything"));
}

void TestSigner::wrongKeyIsRejected()
{
    const Signer signer("other-key");
    QVERIFY(!signer.verify(views(kBasic), kBasicSha256));
    Frames tampered = kBasic;
    tampered[3] = R"({"code":"1+2"})";
    QVERIFY(!Signer("secret-key").verify(views(tampered), kBasicSha256));
}

void TestSigner::malformedSignatures_data()
{
    QTest::addColumn<QString>("signature");
    const QString good = QString::fromStdString(kBasicSha256);
    QTest::newRow("empty") << QString();
    QTest::newRow("truncated by one") << good.left(good.size() - 1);
    QTest::newRow("half") << good.left(32);
    QTest::newRow("overlong by one") << good + "0";
    QTest::newRow("doubled") << good + good;
    QTest::newRow("upper-case hex") << good.toUpper();
    QTest::newRow("non-hex, right length") << QString(good).replace(0, 2, "zz");
    QTest::newRow("last digit flipped") << good.left(good.size() - 1) + "b";
    QTest::newRow("trailing newline") << good + "\n";
}

void TestSigner::malformedSignatures()
{
    QFETCH(QString, signature);
    const Signer signer("secret-key");
    QVERIFY(signer.verify(views(kBasic), kBasicSha256)); // the genuine one passes
    QVERIFY(!signer.verify(views(kBasic), signature.toStdString()));
}

void TestSigner::invalidScheme()
{
    const Signer signer("secret-key", "hmac-md5-nope");
    QVERIFY(!signer.isValidScheme());
    QCOMPARE(signer.sign(views(kBasic)), std::string());
    QVERIFY(!signer.verify(views(kBasic), kBasicSha256));
    QVERIFY(!Signer("secret-key", "sha256").isValidScheme());
}

QTEST_GUILESS_MAIN(TestSigner)
#include "tst_signer.moc"
