// Connection files: JSON round trip, refusal of malformed files, owner-only mode, fresh keys.
#include "protocol/connectioninfo.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sstream>

#ifndef _WIN32
#include <sys/stat.h>
#endif

using namespace Notebench::Protocol;

class TestConnectionInfo : public QObject {
    Q_OBJECT

private slots:
    void jsonRoundTrip();
    void jupyterFieldNames();
    void portsMayBeMissing();
    void fromJsonErrors_data();
    void fromJsonErrors();
    void endpoints();
    void fileIsOwnerOnly();
    void fileIsReplaced();
    void unwritablePathReportsError();
    void freshKeysDiffer();
};

namespace {

ConnectionInfo sample()
{
    ConnectionInfo info;
    info.shellPort = 47411;
    info.iopubPort = 58905;
    info.stdinPort = 54447;
    info.controlPort = 44315;
    info.hbPort = 48607;
    info.key = "89d4e609-903ccf9f1a8727e39ee6165b";
    info.kernelName = "python3";
    return info;
}

} // namespace

void TestConnectionInfo::jsonRoundTrip()
{
    const ConnectionInfo info = sample();
    std::string error;
    const auto back = ConnectionInfo::fromJson(info.toJson(), &error);
    QVERIFY2(back, error.c_str());
    QCOMPARE(back->toJson(), info.toJson());
    QCOMPARE(back->shellPort, 47411);
    QCOMPARE(back->hbPort, 48607);
    QCOMPARE(back->key, info.key);
}

void TestConnectionInfo::jupyterFieldNames()
{
    // The file jupyter_client 7.4.9 writes (reference/ecosystem.md §1.3).
    const auto json = nlohmann::json::parse(R"({"shell_port": 47411, "iopub_port": 58905, "stdin_port": 54447,
        "control_port": 44315, "hb_port": 48607, "ip": "127.0.0.1", "key": "89d4e609-903ccf9f1a8727e39ee6165b",
        "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "python3"})");
    QCOMPARE(sample().toJson(), json);
    const auto info = ConnectionInfo::fromJson(json, nullptr);
    QVERIFY(info);
    QCOMPARE(info->iopubPort, 58905);
    QCOMPARE(info->controlPort, 44315);
    QCOMPARE(info->kernelName, std::string("python3"));
}

void TestConnectionInfo::portsMayBeMissing()
{
    // The ports-0 trick: the kernel binds random ports and rewrites the file.
    const auto info = ConnectionInfo::fromJson({{"ip", "127.0.0.1"}, {"key", "k"}}, nullptr);
    QVERIFY(info);
    QCOMPARE(info->shellPort, 0);
    QCOMPARE(info->transport, std::string("tcp"));
    QCOMPARE(info->signatureScheme, std::string("hmac-sha256"));
}

void TestConnectionInfo::fromJsonErrors_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("array") << "[]" << "object";
    QTest::newRow("string") << "\"x\"" << "object";
    QTest::newRow("port as string") << R"({"shell_port": "1"})" << "shell_port";
    QTest::newRow("port negative") << R"({"hb_port": -1})" << "hb_port";
    QTest::newRow("port too big") << R"({"iopub_port": 70000})" << "iopub_port";
    QTest::newRow("port fractional") << R"({"control_port": 1.5})" << "control_port";
    QTest::newRow("key not string") << R"({"key": 5})" << "key";
    QTest::newRow("ip null") << R"({"ip": null})" << "ip";
    QTest::newRow("unknown transport") << R"({"transport": "udp"})" << "transport";
    QTest::newRow("scheme without hmac") << R"({"signature_scheme": "sha256"})" << "signature_scheme";
}

void TestConnectionInfo::fromJsonErrors()
{
    QFETCH(QString, json);
    QFETCH(QString, mentions);
    std::string error;
    QVERIFY(!ConnectionInfo::fromJson(nlohmann::json::parse(json.toStdString()), &error));
    QVERIFY2(QString::fromStdString(error).contains(mentions), error.c_str());
    QVERIFY(!ConnectionInfo::fromJson(nlohmann::json::parse(json.toStdString()), nullptr));
}

void TestConnectionInfo::endpoints()
{
    ConnectionInfo info = sample();
    QCOMPARE(info.endpoint(info.shellPort), std::string("tcp://127.0.0.1:47411"));
    info.transport = "ipc";
    info.ip = "/tmp/kernel-1";
    QCOMPARE(info.endpoint(3), std::string("ipc:///tmp/kernel-1-3"));
    QCOMPARE(ConnectionInfo().ip, std::string("127.0.0.1"));
}

void TestConnectionInfo::fileIsOwnerOnly()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::filesystem::path path = dir.filePath("kernel-1.json").toStdString();
    const ConnectionInfo info = ConnectionInfo::withFreshKey();
    QCOMPARE(writeConnectionFile(path, info), std::string());

    std::ifstream stream(path);
    std::stringstream text;
    text << stream.rdbuf();
    const auto back = ConnectionInfo::fromJson(nlohmann::json::parse(text.str()), nullptr);
    QVERIFY(back);
    QCOMPARE(back->key, info.key);
#ifdef _WIN32
    QSKIP("POSIX permission bits do not apply on Windows");
#else
    struct stat st {};
    QCOMPARE(::stat(path.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0600));
#endif
}

void TestConnectionInfo::fileIsReplaced()
{
    QTemporaryDir dir;
    const std::filesystem::path path = dir.filePath("kernel-2.json").toStdString();
    {
        std::ofstream old(path);
        old << "stale contents that are longer than nothing";
    }
    std::filesystem::permissions(path, std::filesystem::perms::all); // a world-readable leftover
    const ConnectionInfo info = ConnectionInfo::withFreshKey();
    QCOMPARE(writeConnectionFile(path, info), std::string());
    std::ifstream stream(path);
    std::stringstream text;
    text << stream.rdbuf();
    QCOMPARE(ConnectionInfo::fromJson(nlohmann::json::parse(text.str()), nullptr)->key, info.key);
#ifndef _WIN32
    struct stat st {};
    QCOMPARE(::stat(path.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0600));
#endif
}

void TestConnectionInfo::unwritablePathReportsError()
{
    QTemporaryDir dir;
    const std::filesystem::path path = std::filesystem::path(dir.path().toStdString()) / "missing" / "kernel.json";
    const std::string error = writeConnectionFile(path, sample());
    QVERIFY(!error.empty());
    QVERIFY2(error.find(path.string()) != std::string::npos, error.c_str());
}

void TestConnectionInfo::freshKeysDiffer()
{
    const ConnectionInfo a = ConnectionInfo::withFreshKey();
    const ConnectionInfo b = ConnectionInfo::withFreshKey();
    QCOMPARE(a.key.size(), std::size_t(36));
    QVERIFY(a.key != b.key);
    QCOMPARE(a.ip, std::string("127.0.0.1"));
    QCOMPARE(a.transport, std::string("tcp"));
    QCOMPARE(a.signatureScheme, std::string("hmac-sha256"));
}

QTEST_GUILESS_MAIN(TestConnectionInfo)
#include "tst_connectioninfo.moc"
