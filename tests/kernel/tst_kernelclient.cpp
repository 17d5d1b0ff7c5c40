// KernelClient routing against a scripted transport: exact message order, no real kernel.
#include "kernel/kernelclient.h"
#include "kernel/transport.h"

#include <QSignalSpy>
#include <QTest>

using namespace Notebench;
using Kernel::Channel;

namespace {
class ScriptedTransport : public Kernel::Transport
{
    Q_OBJECT
public:
    void open() override { emit opened(); }
    void close() override {}
    void send(Channel channel, const Protocol::Message &message) override { sent.append({channel, message}); }
    QString session() const override { return QStringLiteral("session-1"); }

    void deliver(Channel channel, const std::string &type, const std::string &parentId, nlohmann::json content)
    {
        auto message = Protocol::Message::create(type, std::move(content), "kernel", "kernel");
        message.parentHeader = {{"msg_id", parentId}};
        emit messageReceived(channel, message);
    }
    void status(const std::string &parentId, const char *state)
    {
        deliver(Channel::IOPub, "status", parentId, {{"execution_state", state}});
    }

    QList<QPair<Channel, Protocol::Message>> sent;
};
} // namespace

class TestKernelClient : public QObject
{
    Q_OBJECT
private slots:
    void finishesOnlyWithReplyAndIdle_data();
    void finishesOnlyWithReplyAndIdle();
    void iopubArrivesInOrder();
    void routesByParentId();
    void inputRequestAndReply();
    void nudgeBecomesReadyAfterIopub();
    void failAllOnDetach();
    void malformedContentDoesNotThrow();
};

void TestKernelClient::finishesOnlyWithReplyAndIdle_data()
{
    QTest::addColumn<bool>("replyFirst");
    QTest::newRow("reply then idle") << true;
    QTest::newRow("idle then reply") << false;
}

void TestKernelClient::finishesOnlyWithReplyAndIdle()
{
    QFETCH(bool, replyFirst);
    ScriptedTransport transport;
    Kernel::KernelClient client;
    client.attach(&transport);
    auto *request = client.execute(QStringLiteral("1+1"));
    QSignalSpy finished(request, &Kernel::PendingRequest::finished);
    const std::string id = request->msgId().toStdString();
    QCOMPARE(transport.sent.size(), 1);
    QCOMPARE(transport.sent.first().first, Channel::Shell);
    QCOMPARE(transport.sent.first().second.msgType(), std::string("execute_request"));

    transport.status(id, "busy");
    if (replyFirst)
        transport.deliver(Channel::Shell, "execute_reply", id, {{"status", "ok"}});
    else
        transport.status(id, "idle");
    QCOMPARE(finished.count(), 0);
    if (replyFirst)
        transport.status(id, "idle");
    else
        transport.deliver(Channel::Shell, "execute_reply", id, {{"status", "ok"}});
    QCOMPARE(finished.count(), 1);
    QVERIFY(request->reply().has_value());
    QCOMPARE(request->reply()->content["status"].get<std::string>(), std::string("ok"));
    QCOMPARE(client.pendingCount(), 0);
}

void TestKernelClient::iopubArrivesInOrder()
{
    ScriptedTransport transport;
    Kernel::KernelClient client;
    client.attach(&transport);
    auto *request = client.execute(QStringLiteral("for i in range(100): print(i)"));
    QStringList texts;
    connect(request, &Kernel::PendingRequest::iopub, this, [&](const Protocol::Message &message) {
        if (message.msgType() == "stream")
            texts << QString::fromStdString(message.content["text"].get<std::string>());
    });
    const std::string id = request->msgId().toStdString();
    QStringList expected;
    for (int i = 0; i < 100; ++i) {
        expected << QString::number(i);
        transport.deliver(Channel::IOPub, "stream", id, {{"name", "stdout"}, {"text", std::to_string(i)}});
    }
    QCOMPARE(texts, expected);
}

void TestKernelClient::routesByParentId()
{
    ScriptedTransport transport;
    Kernel::KernelClient client;
    client.attach(&transport);
    auto *first = client.execute(QStringLiteral("a"));
    auto *second = client.execute(QStringLiteral("b"));
    QSignalSpy firstOut(first, &Kernel::PendingRequest::iopub);
    QSignalSpy secondOut(second, &Kernel::PendingRequest::iopub);
    QSignalSpy unrouted(&client, &Kernel::KernelClient::unroutedIopub);
    transport.deliver(Channel::IOPub, "stream", second->msgId().toStdString(), {{"name", "stdout"}, {"text", "b"}});
    transport.deliver(Channel::IOPub, "stream", "someone-else", {{"name", "stdout"}, {"text", "x"}});
    QCOMPARE(firstOut.count(), 0);
    QCOMPARE(secondOut.count(), 1);
    QCOMPARE(unrouted.count(), 1);
}

void TestKernelClient::inputRequestAndReply()
{
    ScriptedTransport transport;
    Kernel::KernelClient client;
    client.attach(&transport);
    auto *request = client.execute(QStringLiteral("input('name?')"));
    QSignalSpy asked(request, &Kernel::PendingRequest::inputRequested);
    const std::string id = request->msgId().toStdString();
    transport.deliver(Channel::Stdin, "input_request", id, {{"prompt", "name?"}, {"password", true}});
    QCOMPARE(asked.count(), 1);
    QCOMPARE(asked.first().at(0).toString(), QStringLiteral("name?"));
    QCOMPARE(asked.first().at(1).toBool(), true);
    const auto inputRequest = asked.first().at(2).value<Protocol::Message>();
    client.sendInputReply(inputRequest, QStringLiteral("Ada"));
    QCOMPARE(transport.sent.size(), 2);
    QCOMPARE(transport.sent.last().first, Channel::Stdin);
    const auto &reply = transport.sent.last().second;
    QCOMPARE(reply.msgType(), std::string("input_reply"));
    QCOMPARE(reply.content["value"].get<std::string>(), std::string("Ada"));
    QCOMPARE(reply.parentMsgId(), inputRequest.msgId());
}

void TestKernelClient::nudgeBecomesReadyAfterIopub()
{
    ScriptedTransport transport;
    Kernel::KernelClient client;
    client.attach(&transport);
    QSignalSpy ready(&client, &Kernel::KernelClient::ready);
    client.startNudging();
    QCOMPARE(transport.sent.size(), 1);
    const std::string first = transport.sent.first().second.msgId();
    // The reply alone is not enough: IOPub may not be subscribed yet.
    transport.deliver(Channel::Shell, "kernel_info_reply", first, {{"status", "ok"}});
    QCOMPARE(ready.count(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(transport.sent.size() >= 2, 2000); // nudged again
    const std::string second = transport.sent.last().second.msgId();
    transport.status(second, "busy");
    QCOMPARE(ready.count(), 1);
    QVERIFY(client.isReady());
}

void TestKernelClient::failAllOnDetach()
{
    ScriptedTransport transport;
    Kernel::KernelClient client;
    client.attach(&transport);
    auto *request = client.execute(QStringLiteral("while True: pass"));
    QSignalSpy finished(request, &Kernel::PendingRequest::finished);
    client.detach(QStringLiteral("The kernel died."));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(request->failure(), QStringLiteral("The kernel died."));
    QCOMPARE(client.pendingCount(), 0);
}

void TestKernelClient::malformedContentDoesNotThrow()
{
    ScriptedTransport transport;
    Kernel::KernelClient client;
    client.attach(&transport);
    auto *request = client.execute(QStringLiteral("x"));
    QSignalSpy asked(request, &Kernel::PendingRequest::inputRequested);
    const std::string id = request->msgId().toStdString();
    transport.deliver(Channel::IOPub, "status", id, {{"execution_state", 42}});
    transport.deliver(Channel::Stdin, "input_request", id, {{"prompt", nullptr}, {"password", "yes"}});
    QCOMPARE(asked.count(), 1);
    QCOMPARE(asked.first().at(0).toString(), QString());
    QCOMPARE(asked.first().at(1).toBool(), false);
}

QTEST_GUILESS_MAIN(TestKernelClient)
#include "tst_kernelclient.moc"
