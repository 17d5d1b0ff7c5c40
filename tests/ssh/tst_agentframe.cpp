// The agent stream's framing: whole, split, garbage and oversized input, and messages both ways.
#include "ssh/agentframe.h"

#include <QTest>

#include <algorithm>
#include <QtEndian>

using namespace Notebench;

namespace {
QByteArray frame(const QByteArray &json)
{
    QByteArray bytes(4, Qt::Uninitialized);
    qToBigEndian(quint32(json.size()), bytes.data());
    return bytes + json;
}

const QByteArray streamFrame = frame(
    R"({"seq":7,"channel":"iopub","msg":{"header":{"msg_id":"a","msg_type":"stream"},"parent_header":{"msg_id":"p"},)"
    R"("metadata":{},"content":{"name":"stdout","text":"hi\n"},"buffers":["AAEC"]}})");
} // namespace

class TestAgentFrame : public QObject
{
    Q_OBJECT
private slots:
    void reader_data();
    void reader();
    void splitAnywhere();
    void messageRoundTrip();
    void malformedMessages_data();
    void malformedMessages();
};

void TestAgentFrame::reader_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("frames");
    QTest::addColumn<int>("skipped");
    QTest::addColumn<bool>("error");
    QTest::newRow("one") << streamFrame << 1 << 0 << false;
    QTest::newRow("three in a row") << streamFrame + streamFrame + streamFrame << 3 << 0 << false;
    QTest::newRow("empty") << QByteArray() << 0 << 0 << false;
    QTest::newRow("length only") << streamFrame.left(3) << 0 << 0 << false;
    QTest::newRow("partial body") << streamFrame.left(20) << 0 << 0 << false;
    QTest::newRow("one and a half") << streamFrame + streamFrame.left(30) << 1 << 0 << false;
    QTest::newRow("not json") << frame("{nope") << 1 << 1 << false;
    QTest::newRow("json array") << frame("[1,2]") << 1 << 1 << false;
    QTest::newRow("no channel") << frame(R"({"seq":1,"msg":{}})") << 1 << 1 << false;
    QTest::newRow("oversized") << QByteArray("\xff\xff\xff\xff", 4) + "x" << 0 << 0 << true;
    QTest::newRow("good then garbage then good") << streamFrame + frame("garbage") + streamFrame << 3 << 1 << false;
}

void TestAgentFrame::reader()
{
    QFETCH(QByteArray, input);
    QFETCH(int, frames);
    QFETCH(int, skipped);
    QFETCH(bool, error);
    Ssh::AgentFrameReader reader;
    const auto read = reader.feed(input);
    QCOMPARE(read.size(), frames);
    QCOMPARE(reader.skipped(), skipped);
    QCOMPARE(int(std::count_if(read.begin(), read.end(), [](const auto &f) { return f.channel.isEmpty(); })), skipped);
    QCOMPARE(!reader.error().isEmpty(), error);
}

void TestAgentFrame::splitAnywhere()
{
    // A TCP stream may cut anywhere: every split point yields the same frames, in order.
    const QByteArray twoFrames = streamFrame + frame(R"({"seq":8,"channel":"agent","msg":{"event":"heartbeat","alive":false}})");
    for (qsizetype cut = 0; cut <= twoFrames.size(); ++cut) {
        Ssh::AgentFrameReader reader;
        auto frames = reader.feed(twoFrames.left(cut));
        frames += reader.feed(twoFrames.mid(cut));
        QCOMPARE(frames.size(), 2);
        QCOMPARE(frames[0].seq, quint64(7));
        QCOMPARE(frames[1].seq, quint64(8));
        QCOMPARE(frames[1].channel, QStringLiteral("agent"));
    }
}

void TestAgentFrame::messageRoundTrip()
{
    auto message = Protocol::Message::create("execute_request", {{"code", "print('é')"}}, "session", "me");
    message.buffers = {std::string("\x00\x01\xff", 3)};
    const QByteArray bytes = Ssh::encodeMessageFrame(Kernel::Channel::Control, message);
    Ssh::AgentFrameReader reader;
    const auto frames = reader.feed(bytes);
    QCOMPARE(frames.size(), 1);
    QCOMPARE(frames[0].channel, QStringLiteral("control"));
    const auto back = Ssh::messageFromFrame(frames[0]);
    QVERIFY(back);
    QCOMPARE(back->header, message.header);
    QCOMPARE(back->content, message.content);
    QCOMPARE(back->buffers, message.buffers);

    const auto parsed = Ssh::AgentFrameReader().feed(streamFrame);
    const auto stream = Ssh::messageFromFrame(parsed.first());
    QVERIFY(stream);
    QCOMPARE(stream->parentMsgId(), std::string("p"));
    QCOMPARE(stream->buffers.front(), std::string("\x00\x01\x02", 3));
}

void TestAgentFrame::malformedMessages_data()
{
    QTest::addColumn<QByteArray>("msg");
    QTest::newRow("not an object") << QByteArray(R"("text")");
    QTest::newRow("no header") << QByteArray(R"({"parent_header":{},"metadata":{},"content":{}})");
    QTest::newRow("header a list") << QByteArray(R"({"header":[],"parent_header":{},"metadata":{},"content":{}})");
    QTest::newRow("no msg_type") << QByteArray(R"({"header":{},"parent_header":{},"metadata":{},"content":{}})");
    QTest::newRow("buffer a number") << QByteArray(R"({"header":{"msg_type":"x"},"parent_header":{},"metadata":{},"content":{},"buffers":[1]})");
}

void TestAgentFrame::malformedMessages()
{
    QFETCH(QByteArray, msg);
    Ssh::AgentFrameReader reader;
    const auto frames = reader.feed(frame(R"({"seq":1,"channel":"iopub","msg":)" + msg + "}"));
    QCOMPARE(frames.size(), 1);
    QVERIFY(!Ssh::messageFromFrame(frames.first()));
}

QTEST_GUILESS_MAIN(TestAgentFrame)
#include "tst_agentframe.moc"
