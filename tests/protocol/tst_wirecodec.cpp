// Wire codec: round trips, every refusal reason, replay protection, and an oracle against
// jupyter_client.session.Session run by Python at test time.
#include "protocol/messagetype.h"
#include "protocol/wirecodec.h"

#include <QProcess>
#include <QtTest>

#include <array>
#include <cctype>
#include <string>
#include <vector>

using namespace Notebench::Protocol;

namespace {

using Frames = std::vector<std::string>;

const std::string kKey = "5ab1c3d0-0e7e-4c6f-9b1a-2f5e1d8c7a90";

QString text(std::string_view view)
{
    return QString::fromUtf8(view.data(), static_cast<qsizetype>(view.size()));
}

// "<IDS|MSG>", a signature made with kKey over the four parts, then the parts and buffers.
Frames signedFrames(const std::array<std::string, 4> &parts, const Frames &buffers = {})
{
    const std::array<std::string_view, 4> views{parts[0], parts[1], parts[2], parts[3]};
    Frames frames{"<IDS|MSG>", Signer(kKey).sign(views)};
    frames.insert(frames.end(), parts.begin(), parts.end());
    frames.insert(frames.end(), buffers.begin(), buffers.end());
    return frames;
}

Message sampleMessage()
{
    Message message = Message::create("execute_request", {{"code", "print('hi')"}, {"silent", false}},
                                      "session-1", "tester");
    message.parentHeader = {{"msg_id", "parent-1"}};
    message.metadata = {{"cellId", "abc"}};
    return message;
}

} // namespace

Q_DECLARE_METATYPE(Frames)
Q_DECLARE_METATYPE(DecodeError)

class TestWireCodec : public QObject {
    Q_OBJECT

private slots:
    void createdHeader();
    void messageTypeNames();
    void roundTrip_data();
    void roundTrip();
    void refusals_data();
    void refusals();
    void unsignedAcceptedWithoutKey();
    void replayRejectedSecondTime();
    void replayHistoryIsCulledWhenFull();
    void encodedLayout();
    void oracleDecodesPythonMessage();
    void oraclePythonAcceptsOurMessage();

private:
    QString python() const;
    bool haveJupyterClient(QString *why) const;
};

void TestWireCodec::createdHeader()
{
    const Message message = Message::create("kernel_info_request", nlohmann::json::object(), "sess", "me");
    QCOMPARE(message.msgType(), std::string("kernel_info_request"));
    QCOMPARE(message.header["session"], nlohmann::json("sess"));
    QCOMPARE(message.header["username"], nlohmann::json("me"));
    QCOMPARE(message.header["version"], nlohmann::json("5.3"));
    QVERIFY(message.parentHeader.is_object() && message.parentHeader.empty());
    QVERIFY(message.metadata.is_object() && message.metadata.empty());
    QCOMPARE(message.parentMsgId(), std::string());
    const QRegularExpression uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    QVERIFY2(uuid.match(QString::fromStdString(message.msgId())).hasMatch(), message.msgId().c_str());
    QVERIFY(message.msgId() != Message::create("x", {}, "s", "u").msgId());
    const std::string date = message.header["date"].get<std::string>();
    const QRegularExpression iso(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$)");
    QVERIFY2(iso.match(QString::fromStdString(date)).hasMatch(), date.c_str());
    const QDateTime parsed = QDateTime::fromString(QString::fromStdString(date), Qt::ISODateWithMs);
    QVERIFY(parsed.isValid());
    QVERIFY(qAbs(parsed.secsTo(QDateTime::currentDateTimeUtc())) < 60);
}

// MessageType is compared as int: Notebench::Protocol::toString would capture QTest's toString by ADL.
void TestWireCodec::messageTypeNames()
{
    for (int i = 0; i < static_cast<int>(MessageType::Unknown); ++i) {
        const auto type = static_cast<MessageType>(i);
        QVERIFY(!toString(type).empty());
        QCOMPARE(static_cast<int>(messageTypeFromString(toString(type))), static_cast<int>(type));
    }
    QCOMPARE(static_cast<int>(messageTypeFromString("execute_reply")), static_cast<int>(MessageType::ExecuteReply));
    QCOMPARE(static_cast<int>(messageTypeFromString("usage_request")), static_cast<int>(MessageType::UsageRequest));
    QCOMPARE(static_cast<int>(messageTypeFromString("Execute_Reply")), static_cast<int>(MessageType::Unknown));
    QCOMPARE(static_cast<int>(messageTypeFromString("")), static_cast<int>(MessageType::Unknown));
    QVERIFY(toString(MessageType::Unknown).empty());
}

void TestWireCodec::roundTrip_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<Frames>("identities");
    QTest::addColumn<Frames>("buffers");
    QTest::addColumn<QString>("code");

    QTest::newRow("plain") << QString::fromStdString(kKey) << Frames{} << Frames{} << "1+1";
    QTest::newRow("identities and buffers") << QString::fromStdString(kKey) << Frames{"id-a", "id-b"}
                                            << Frames{std::string("\0\x01\xff", 3), ""} << "x";
    QTest::newRow("unicode") << QString::fromStdString(kKey) << Frames{"\xce\xb1"} << Frames{}
                             << QString::fromUtf8("print('\xce\xb1 \xe2\x82\xac \xf0\x9f\x98\x80')");
    QTest::newRow("no key") << QString() << Frames{"id"} << Frames{"buf"} << "pass";
    QTest::newRow("oversized content and buffer")
        << QString::fromStdString(kKey) << Frames{} << Frames{std::string(8 << 20, 'b')}
        << QString(4 << 20, QLatin1Char('c'));
}

void TestWireCodec::roundTrip()
{
    QFETCH(QString, key);
    QFETCH(Frames, identities);
    QFETCH(Frames, buffers);
    QFETCH(QString, code);

    Message sent = sampleMessage();
    sent.identities = identities;
    sent.buffers = buffers;
    sent.content["code"] = code.toStdString();

    WireCodec codec{Signer(key.toStdString())};
    const DecodeResult result = codec.decode(codec.encode(sent));
    QCOMPARE(text(describe(result.error)), text(describe(DecodeError::None)));
    QVERIFY(result.message);
    const Message &got = *result.message;
    QCOMPARE(got.identities, sent.identities);
    QCOMPARE(got.buffers, sent.buffers);
    QCOMPARE(got.header, sent.header);
    QCOMPARE(got.parentHeader, sent.parentHeader);
    QCOMPARE(got.metadata, sent.metadata);
    QCOMPARE(got.content, sent.content);
    QCOMPARE(got.msgType(), std::string("execute_request"));
    QCOMPARE(got.parentMsgId(), std::string("parent-1"));
}

void TestWireCodec::refusals_data()
{
    QTest::addColumn<Frames>("frames");
    QTest::addColumn<DecodeError>("expected");

    const std::array<std::string, 4> valid{R"({"msg_id":"m1","msg_type":"status"})", "{}", "{}",
                                           R"({"execution_state":"idle"})"};
    const Frames good = signedFrames(valid);

    QTest::newRow("empty message") << Frames{} << DecodeError::MissingDelimiter;
    Frames noDelimiter = good;
    noDelimiter.erase(noDelimiter.begin());
    QTest::newRow("missing delimiter") << noDelimiter << DecodeError::MissingDelimiter;
    QTest::newRow("delimiter misspelt") << Frames{"<IDS|MSG", good[1], valid[0], valid[1], valid[2], valid[3]}
                                        << DecodeError::MissingDelimiter;
    QTest::newRow("delimiter only") << Frames{"<IDS|MSG>"} << DecodeError::TooFewFrames;
    QTest::newRow("four after delimiter") << Frames(good.begin(), good.end() - 1) << DecodeError::TooFewFrames;
    QTest::newRow("identity, then too few") << Frames{"id", "<IDS|MSG>", good[1], "{}"} << DecodeError::TooFewFrames;

    Frames unsignedFrames = good;
    unsignedFrames[1].clear();
    QTest::newRow("unsigned") << unsignedFrames << DecodeError::Unsigned;

    Frames flipped = good;
    flipped[1][0] = flipped[1][0] == 'a' ? 'b' : 'a';
    QTest::newRow("flipped signature") << flipped << DecodeError::BadSignature;
    Frames upper = good;
    for (char &c : upper[1])
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    QTest::newRow("upper-case signature") << upper << DecodeError::BadSignature;
    Frames tampered = good;
    tampered[5] = R"({"execution_state":"busy"})";
    QTest::newRow("tampered content") << tampered << DecodeError::BadSignature;
    Frames hugeSignature = good;
    hugeSignature[1] = std::string(1 << 20, 'a');
    QTest::newRow("oversized signature frame") << hugeSignature << DecodeError::BadSignature;
    QTest::newRow("signed with another key")
        << Frames{"<IDS|MSG>", Signer("other").sign(std::array<std::string_view, 4>{valid[0], valid[1], valid[2], valid[3]}),
                  valid[0], valid[1], valid[2], valid[3]}
        << DecodeError::BadSignature;

    QTest::newRow("signed garbage header") << signedFrames({"not json{", "{}", "{}", "{}"}) << DecodeError::BadJson;
    QTest::newRow("signed truncated content")
        << signedFrames({valid[0], "{}", "{}", R"({"execution_state":)"}) << DecodeError::BadJson;
    QTest::newRow("signed empty metadata frame") << signedFrames({valid[0], "{}", "", "{}"}) << DecodeError::BadJson;
    QTest::newRow("signed invalid utf-8")
        << signedFrames({valid[0], "{}", "{}", "{\"text\":\"\xff\xfe\"}"}) << DecodeError::BadJson;
    QTest::newRow("signed array content") << signedFrames({valid[0], "{}", "{}", "[1,2]"}) << DecodeError::NotAnObject;
    QTest::newRow("signed null header") << signedFrames({"null", "{}", "{}", "{}"}) << DecodeError::NotAnObject;
    QTest::newRow("signed string parent") << signedFrames({valid[0], "\"p\"", "{}", "{}"}) << DecodeError::NotAnObject;
}

void TestWireCodec::refusals()
{
    QFETCH(Frames, frames);
    QFETCH(DecodeError, expected);

    WireCodec codec{Signer(kKey)};
    const DecodeResult result = codec.decode(frames);
    QCOMPARE(text(describe(result.error)), text(describe(expected)));
    QVERIFY(!result.message);
}

void TestWireCodec::unsignedAcceptedWithoutKey()
{
    WireCodec codec{Signer()};
    const DecodeResult result = codec.decode({"<IDS|MSG>", "", R"({"msg_type":"status"})", "{}", "{}", "{}"});
    QVERIFY(result.message);
    QCOMPARE(result.message->msgType(), std::string("status"));
}

void TestWireCodec::replayRejectedSecondTime()
{
    WireCodec sender{Signer(kKey)};
    WireCodec receiver{Signer(kKey)};
    const Frames first = sender.encode(sampleMessage());
    const Frames second = sender.encode(sampleMessage()); // new msg_id, so a new signature

    QCOMPARE(receiver.decode(first).error, DecodeError::None);
    const DecodeResult replayed = receiver.decode(first);
    QCOMPARE(text(describe(replayed.error)), text(describe(DecodeError::Replayed)));
    QVERIFY(!replayed.message);
    QCOMPARE(receiver.decode(second).error, DecodeError::None);
}

void TestWireCodec::replayHistoryIsCulledWhenFull()
{
    QCOMPARE(ReplayGuard().capacity(), std::size_t(65536)); // jupyter_client digest_history_size
    ReplayGuard guard(100);
    for (int i = 0; i < 100; ++i)
        QVERIFY(guard.remember("sig" + std::to_string(i)));
    QCOMPARE(guard.size(), std::size_t(100));
    QVERIFY(guard.remember("sig100"));                  // full: the oldest 10 % go first
    QCOMPARE(guard.size(), std::size_t(91));
    QVERIFY(!guard.remember("sig99"));                  // recent ones are still refused
    QVERIFY(!guard.remember("sig100"));
    QVERIFY(guard.remember("sig0"));                    // culled ones are forgotten
}

void TestWireCodec::encodedLayout()
{
    Message message = sampleMessage();
    message.identities = {"route"};
    message.buffers = {"b1", "b2"};
    const Frames frames = WireCodec(Signer(kKey)).encode(message);
    QCOMPARE(frames.size(), std::size_t(9));
    QCOMPARE(frames[0], std::string("route"));
    QCOMPARE(frames[1], std::string("<IDS|MSG>"));
    QCOMPARE(frames[2].size(), std::size_t(64));
    QCOMPARE(frames[3], message.header.dump());
    QCOMPARE(frames[6], message.content.dump());
    QCOMPARE(frames[7], std::string("b1"));
    QCOMPARE(frames[8], std::string("b2"));
    QCOMPARE(WireCodec(Signer()).encode(message)[2], std::string());
}

QString TestWireCodec::python() const
{
    // Debian's interpreter has python3-jupyter-client; a venv's python3 on PATH may not.
    const QString configured = qEnvironmentVariable("NOTEBENCH_PYTHON");
    if (!configured.isEmpty())
        return configured;
    return QFile::exists("/usr/bin/python3") ? QStringLiteral("/usr/bin/python3") : QStringLiteral("python3");
}

bool TestWireCodec::haveJupyterClient(QString *why) const
{
    QProcess process;
    process.start(python(), {"-c", "import jupyter_client.session"});
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *why = python() + " cannot import jupyter_client: " + QString::fromUtf8(process.readAllStandardError()).trimmed();
        return false;
    }
    return true;
}

// Python: jupyter_client.session.Session.serialize signs a message; our codec must accept it.
void TestWireCodec::oracleDecodesPythonMessage()
{
    QString why;
    if (!haveJupyterClient(&why))
        QSKIP(qPrintable(why));
    const QString script = QStringLiteral(R"(
import sys
from jupyter_client.session import Session
s = Session(key=sys.argv[1].encode(), username="oracle")
msg = s.msg("execute_reply", content={"status": "ok", "execution_count": 3, "text": "\u03b1"},
            parent={"msg_id": "parent-7", "msg_type": "execute_request"}, metadata={"m": 1})
frames = s.serialize(msg, ident=[b"kernel-ident"]) + [b"\x00\x01buf"]
print(msg["header"]["msg_id"])
for f in frames:
    print(f.hex())
)");
    QProcess process;
    process.start(python(), {"-c", script, QString::fromStdString(kKey)});
    QVERIFY2(process.waitForFinished(30000), "python oracle did not finish within 30 s");
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QStringList lines = QString::fromLatin1(process.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 8);
    const std::string msgId = lines.takeFirst().toStdString();
    Frames frames;
    for (const QString &line : lines)
        frames.push_back(QByteArray::fromHex(line.toLatin1()).toStdString());

    WireCodec codec{Signer(kKey)};
    const DecodeResult result = codec.decode(frames);
    QCOMPARE(text(describe(result.error)), text(describe(DecodeError::None)));
    const Message &m = *result.message;
    QCOMPARE(m.identities, Frames{"kernel-ident"});
    QCOMPARE(m.buffers, Frames{std::string("\0\x01" "buf", 5)});
    QCOMPARE(m.msgId(), msgId);
    QCOMPARE(m.msgType(), std::string("execute_reply"));
    QCOMPARE(m.parentMsgId(), std::string("parent-7"));
    QCOMPARE(m.content["execution_count"], nlohmann::json(3));
    QCOMPARE(m.content["text"].get<std::string>(), std::string("\xce\xb1"));
    QCOMPARE(m.metadata["m"], nlohmann::json(1));
    QCOMPARE(codec.decode(frames).error, DecodeError::Replayed);
}

// Python: Session.deserialize (signature, replay history, date parsing) must accept our frames.
void TestWireCodec::oraclePythonAcceptsOurMessage()
{
    QString why;
    if (!haveJupyterClient(&why))
        QSKIP(qPrintable(why));
    const QString script = QStringLiteral(R"(
import sys, json, datetime
from jupyter_client.session import Session
s = Session(key=sys.argv[1].encode())
frames = [bytes.fromhex(line) for line in sys.stdin.read().split()]
idents, rest = s.feed_identities(frames)
m = s.deserialize(rest)
try:
    s.deserialize(rest)
    replay = "accepted"
except ValueError as e:
    replay = str(e).split(":")[0]
tampered = list(rest)
tampered[4] = tampered[4].replace(b"print", b"PRINT")
try:
    Session(key=sys.argv[1].encode()).deserialize(tampered)
    tamper = "accepted"
except ValueError as e:
    tamper = str(e).split(":")[0]
print(json.dumps({"idents": [i.hex() for i in idents], "msg_type": m["msg_type"], "content": m["content"],
                  "parent": m["parent_header"].get("msg_id"), "buffers": [bytes(b).hex() for b in m["buffers"]],
                  "date_parsed": isinstance(m["header"]["date"], datetime.datetime),
                  "version": m["header"]["version"], "replay": replay, "tamper": tamper}))
)");
    Message message = sampleMessage();
    message.identities = {"shell-id"};
    message.buffers = {std::string("\xff\x00", 2)};
    message.content["code"] = "print('\xce\xb1')";
    QByteArray input;
    for (const std::string &frame : WireCodec(Signer(kKey)).encode(message))
        input += QByteArray::fromStdString(frame).toHex() + '\n';

    QProcess process;
    process.start(python(), {"-c", script, QString::fromStdString(kKey)});
    QVERIFY2(process.waitForStarted(30000), "python oracle did not start");
    process.write(input);
    process.closeWriteChannel();
    QVERIFY2(process.waitForFinished(30000), "python oracle did not finish within 30 s");
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    const auto reply = nlohmann::json::parse(process.readAllStandardOutput().toStdString());
    QCOMPARE(reply["idents"], nlohmann::json::array({"7368656c6c2d6964"}));
    QCOMPARE(reply["msg_type"], nlohmann::json("execute_request"));
    QCOMPARE(reply["content"], message.content);
    QCOMPARE(reply["parent"], nlohmann::json("parent-1"));
    QCOMPARE(reply["buffers"], nlohmann::json::array({"ff00"}));
    QCOMPARE(reply["date_parsed"], nlohmann::json(true));
    QCOMPARE(reply["version"], nlohmann::json("5.3"));
    QCOMPARE(reply["replay"], nlohmann::json("Duplicate Signature"));
    QCOMPARE(reply["tamper"], nlohmann::json("Invalid Signature"));
}

QTEST_GUILESS_MAIN(TestWireCodec)
#include "tst_wirecodec.moc"
