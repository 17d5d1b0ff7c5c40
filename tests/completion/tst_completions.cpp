// complete_reply, inspect_reply and the jedi helper's answers, parsed: real replies recorded from
// ipykernel 6.17, and partial, mistyped and garbage ones (which must never throw).
#include "completion/completions.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace Notebench::Completion;
using nlohmann::json;

class TestCompletions : public QObject {
    Q_OBJECT
private slots:
    void kernelReplyWithTypes();
    void kernelReplyWithoutTypes();
    void itemStartWidenedToReply();
    void badKernelReplies_data();
    void badKernelReplies();
    void inspectReply();
    void helperAnswers();
};

// Recorded: complete_request("import o", 8) to ipykernel 6.17 / IPython 8.5.
void TestCompletions::kernelReplyWithTypes()
{
    const json reply = json::parse(R"json({"status": "ok", "cursor_start": 7, "cursor_end": 8,
        "matches": ["oauthlib", "os"], "metadata": {"_jupyter_types_experimental": [
        {"start": 7, "end": 8, "text": "oauthlib", "type": "module", "signature": ""},
        {"start": 7, "end": 8, "text": "os", "type": "module", "signature": ""},
        {"start": 7, "end": 8, "text": "open", "type": "function", "signature": "(file, mode='r')"},
        {"start": 7, "end": 8, "text": "or", "type": "<unknown>", "signature": ""}]}})json");
    const auto completions = completionsFromReply(reply, QStringLiteral("import o"));
    QVERIFY(completions);
    QCOMPARE(completions->source, Source::Kernel);
    QCOMPARE(completions->start, 7);
    QCOMPARE(completions->end, 8);
    QCOMPARE(completions->items.size(), 4);
    QCOMPARE(completions->items[1], (CompletionItem{QStringLiteral("os"), QStringLiteral("module"), {}}));
    QCOMPARE(completions->items[2].signature, QStringLiteral("(file, mode='r')"));
    QCOMPARE(completions->items[3].type, QString());   // "<unknown>" is no kind
}

void TestCompletions::kernelReplyWithoutTypes()
{
    const json reply = {{"status", "ok"}, {"cursor_start", 0}, {"cursor_end", 2}, {"matches", {"print", 7, "property"}}, {"metadata", json::object()}};
    const auto completions = completionsFromReply(reply, QStringLiteral("pr"));
    QVERIFY(completions);
    QCOMPARE(completions->items.size(), 2);   // the number is skipped
    QCOMPARE(completions->items[0].text, QStringLiteral("print"));
}

// An entry starting after the reply's start gets the text in between, so all share one range.
void TestCompletions::itemStartWidenedToReply()
{
    const json reply = {{"status", "ok"}, {"cursor_start", 2}, {"cursor_end", 7}, {"matches", {"x"}},
                        {"metadata", {{"_jupyter_types_experimental", {{{"start", 5}, {"end", 7}, {"text", "path"}, {"type", "module"}}}}}}};
    const auto completions = completionsFromReply(reply, QStringLiteral("αβos.pa"));
    QVERIFY(completions);
    QCOMPARE(completions->items[0].text, QStringLiteral("os.path"));
}

void TestCompletions::badKernelReplies_data()
{
    QTest::addColumn<QString>("reply");
    QTest::newRow("error status") << QString::fromUtf8(R"json({"status": "error", "ename": "X", "cursor_start": 0, "cursor_end": 0, "matches": []})json");
    QTest::newRow("no cursor_start") << QString::fromUtf8(R"json({"status": "ok", "cursor_end": 0, "matches": []})json");
    QTest::newRow("start after end") << QString::fromUtf8(R"json({"status": "ok", "cursor_start": 5, "cursor_end": 2, "matches": []})json");
    QTest::newRow("string positions") << QString::fromUtf8(R"json({"status": "ok", "cursor_start": "1", "cursor_end": "2", "matches": []})json");
    QTest::newRow("matches not a list") << QString::fromUtf8(R"json({"status": "ok", "cursor_start": 0, "cursor_end": 0, "matches": "os"})json");
    QTest::newRow("not an object") << QString::fromUtf8(R"([1, 2, 3])");
    QTest::newRow("null") << QString::fromUtf8(R"(null)");
}

void TestCompletions::badKernelReplies()
{
    QFETCH(QString, reply);
    QVERIFY(!completionsFromReply(json::parse(reply.toStdString()), QStringLiteral("code")));
    QVERIFY(!completionsFromHelper(json::parse(reply.toStdString())));
    QVERIFY(!documentationFromReply(json::parse(reply.toStdString())).found);
}

void TestCompletions::inspectReply()
{
    const json reply = {{"status", "ok"}, {"found", true}, {"data", {{"text/plain", "\x1b[0;31mSignature:\x1b[0m print(*args)"}}}, {"metadata", json::object()}};
    const Documentation documentation = documentationFromReply(reply);
    QVERIFY(documentation.found);
    QVERIFY(documentation.text.contains(QStringLiteral("print(*args)")));
    QVERIFY(!documentationFromReply({{"status", "ok"}, {"found", false}, {"data", json::object()}}).found);
    QVERIFY(!documentationFromReply({{"status", "ok"}, {"found", true}, {"data", 3}}).found);   // found, but nothing to show
}

void TestCompletions::helperAnswers()
{
    const auto completions = completionsFromHelper(json::parse(R"json({"id": 3, "cursor_start": 2, "cursor_end": 3,
        "items": [{"text": "\"alpha\"", "type": "string", "signature": ""}, 5]})json"));
    QVERIFY(completions);
    QCOMPARE(completions->source, Source::Static);
    QCOMPARE(completions->items.size(), 1);
    QCOMPARE(completions->items[0].text, QStringLiteral("\"alpha\""));
    QVERIFY(!completionsFromHelper(json::parse(R"json({"id": 3, "error": "superseded"})json")));
    const Documentation documentation = documentationFromHelper(json::parse(R"json({"id": 4, "found": true, "text": "Signature: f(x)"})json"));
    QVERIFY(documentation.found);
    QCOMPARE(documentation.source, Source::Static);
}

QTEST_GUILESS_MAIN(TestCompletions)
#include "tst_completions.moc"
