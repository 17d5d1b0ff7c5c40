#include "app/runtimespec.h"

#include <QTest>

using Notebench::App::RuntimeSpec;

class TestRuntimeSpec : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void displayNames();
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
    QTest::newRow("gpu all") << "local-gpu" << true << int(K::LocalGpu) << "" << true;
    QTest::newRow("gpu list") << "local-gpu:0,1" << true << int(K::LocalGpu) << "0,1" << true;
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
    // The spelling reads back as the same runtime.
    QString again;
    const auto reparsed = RuntimeSpec::parse(spec->toString(), &again);
    QVERIFY2(reparsed && *reparsed == *spec, qPrintable(spec->toString() + again));
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

void TestRuntimeSpec::displayNames()
{
    QString error;
    QCOMPARE(RuntimeSpec::parse(QString(), &error)->displayName(), QStringLiteral("Local CPU"));
    QCOMPARE(RuntimeSpec::parse(QStringLiteral("local-gpu"), &error)->displayName(), QStringLiteral("Local GPU"));
    QCOMPARE(RuntimeSpec::parse(QStringLiteral("local-gpu:0,1"), &error)->displayName(), QStringLiteral("Local GPU (0,1)"));
    QCOMPARE(RuntimeSpec::parse(QStringLiteral("ssh://me@box:2222"), &error)->displayName(), QStringLiteral("SSH: me@box:2222"));
    QCOMPARE(RuntimeSpec::parse(QStringLiteral("ssh://box:22"), &error)->toString(), QStringLiteral("ssh://box"));
}

QTEST_GUILESS_MAIN(TestRuntimeSpec)
#include "tst_runtimespec.moc"
