#include "app/runtimespec.h"

#include <QTest>

using Notebench::App::RuntimeSpec;

class TestRuntimeSpec : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
};

void TestRuntimeSpec::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<bool>("available");
    using K = RuntimeSpec::Kind;
    QTest::newRow("default") << "" << true << int(K::Local) << "" << true;
    QTest::newRow("local") << "local" << true << int(K::Local) << "" << true;
    QTest::newRow("gpu all") << "local-gpu" << true << int(K::LocalGpu) << "" << false;
    QTest::newRow("gpu list") << "local-gpu:0,1" << true << int(K::LocalGpu) << "0,1" << false;
    QTest::newRow("gpu bad list") << "local-gpu:a" << false << 0 << "not a GPU list" << false;
    QTest::newRow("gpu empty list") << "local-gpu:" << false << 0 << "not a GPU list" << false;
    QTest::newRow("ssh alias") << "ssh://gpubox" << true << int(K::Ssh) << "gpubox" << true;
    QTest::newRow("ssh full") << "ssh://me@10.0.0.5:2222" << true << int(K::Ssh) << "me@10.0.0.5:2222" << true;
    QTest::newRow("ssh no host") << "ssh://" << false << 0 << "not an SSH address" << false;
    QTest::newRow("ssh path") << "ssh://host/x" << false << 0 << "not an SSH address" << false;
    QTest::newRow("server") << "https://hub.example/user/me/" << true << int(K::JupyterServer) << "" << false;
    QTest::newRow("garbage") << "gpu please" << false << 0 << "Unknown runtime" << false;
}

void TestRuntimeSpec::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, kind);
    QFETCH(QString, detail);
    QFETCH(bool, available);
    QString error;
    const auto spec = RuntimeSpec::parse(text, &error);
    QCOMPARE(spec.has_value(), valid);
    if (!valid) {
        QVERIFY2(error.contains(detail), qPrintable(error));
        return;
    }
    QCOMPARE(int(spec->kind), kind);
    QCOMPARE(spec->unavailableReason().isEmpty(), available);
    if (!available)
        QVERIFY(spec->unavailableReason().contains(QStringLiteral("not available yet")));
    if (spec->kind == RuntimeSpec::Kind::LocalGpu)
        QCOMPARE(spec->gpuIds.join(QLatin1Char(',')), detail);
    if (spec->kind == RuntimeSpec::Kind::Ssh) {
        const QString spelled = (spec->user.isEmpty() ? QString() : spec->user + QLatin1Char('@')) + spec->host
                                + (spec->port == 0 ? QString() : QStringLiteral(":%1").arg(spec->port));
        QCOMPARE(spelled, detail);
    }
}

QTEST_GUILESS_MAIN(TestRuntimeSpec)
#include "tst_runtimespec.moc"
