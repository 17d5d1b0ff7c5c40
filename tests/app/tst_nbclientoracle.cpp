// `notebench run` against nbclient on nbclient's own test notebooks (the execution oracle).
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestNbclientOracle : public QObject
{
    Q_OBJECT
private slots:
    void sameAsNbclient_data();
    void sameAsNbclient();
};

void TestNbclientOracle::sameAsNbclient_data()
{
    QTest::addColumn<QString>("notebook");
    // nbclient's test_run_all_notebooks list, less JupyterWidgets (needs ipywidgets).
    for (const char *name : {"Other Comms", "Clear Output", "Empty Cell", "Factorials", "HelloWorld", "Inline Image",
                             "Interrupt", "Skip Exceptions with Cell Tags", "Skip Exceptions", "Skip Execution with Cell Tag",
                             "SVG", "Unicode", "UnicodePy3", "update-display-id", "Check History in Memory"})
        QTest::newRow(name) << QString::fromLatin1(name) + QStringLiteral(".ipynb");
}

void TestNbclientOracle::sameAsNbclient()
{
    QFETCH(QString, notebook);
    const QString files = QStringLiteral("/usr/lib/python3/dist-packages/nbclient/tests/files/");
    if (!QFile::exists(files + notebook))
        QSKIP("Debian's python3-nbclient test notebooks are not installed (scripts/setup installs them).");
    QTemporaryDir work;
    QVERIFY(work.isValid());
    QProcess oracle;
    oracle.setProcessChannelMode(QProcess::MergedChannels);
    oracle.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral(NOTEBENCH_TESTS_DIR "/nbclient_oracle.py"), notebook,
                                                      QStringLiteral(NOTEBENCH_BINARY), work.path()});
    QVERIFY2(oracle.waitForFinished(240000), "the oracle did not finish within 240 s");
    const QString report = QString::fromUtf8(oracle.readAll());
    QVERIFY2(oracle.exitStatus() == QProcess::NormalExit && oracle.exitCode() == 0, qPrintable(report));
}

QTEST_GUILESS_MAIN(TestNbclientOracle)
#include "tst_nbclientoracle.moc"
