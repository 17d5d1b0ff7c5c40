// The broker end to end: Debian's ipykernel (started by LocalProvisioner) beside the jedi helper
// run by the kernelspec's own interpreter. One kernel for the whole test keeps it fast.
#include "completion/completionbroker.h"
#include "completion/staticanalyser.h"
#include "completion/textoffsets.h"
#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "kernel/pendingrequest.h"
#include "local/localprovisioner.h"
#include "protocol/kernelspecfinder.h"
#include "waitfor.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Notebench;
using Completion::CompletionBroker;
using Completion::Completions;
using Completion::Documentation;
using Completion::Source;

namespace {

QStringList texts(const Completions& completions)
{
    QStringList result;
    for (const auto& item : completions.items)
        result << item.text;
    return result;
}

QString withoutAnsi(QString text)
{
    static const QRegularExpression escape(QStringLiteral("\x1b\\[[0-9;]*[A-Za-z]"));
    return text.remove(escape);
}

QStringList kernelInterpreter()
{
    const auto found = Protocol::KernelSpecFinder().find("python3");
    return found.spec && !found.spec->argv.empty() ? QStringList{QString::fromStdString(found.spec->argv.front())} : QStringList();
}
} // namespace

class TestCompletionBroker : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void importOffersOs();
    void attributesOfEarlierCell();
    void dictKeys();
    void inspectPrintSignature();
    void unicodeBeforeCursor();
    void newerRequestSupersedes();
    void staticAnswersWhileKernelBusy();

private:
    /// Asks and waits for the first answer; with `kernelOnly` waits for the kernel's.
    std::optional<Completions> complete(const Completion::Query& query, bool kernelOnly, int timeoutMs = 10000);
    std::shared_ptr<bool> execute(const QString& code);

    std::unique_ptr<Kernel::KernelSession> m_session;
    std::unique_ptr<Completion::StaticAnalyser> m_static;
    std::unique_ptr<CompletionBroker> m_broker;
    bool m_executing = false;
};

void TestCompletionBroker::initTestCase()
{
    qRegisterMetaType<Completions>();
    qRegisterMetaType<Documentation>();
    m_session = std::make_unique<Kernel::KernelSession>(std::make_unique<Local::LocalProvisioner>());
    QSignalSpy ready(m_session.get(), &Kernel::KernelSession::ready);
    m_session->start({QStringLiteral("python3"), QDir::tempPath(), {}, {}});
    const QStringList interpreter = kernelInterpreter();
    QVERIFY2(!interpreter.isEmpty(), "Debian's python3 kernelspec is not installed");
    m_static = std::make_unique<Completion::StaticAnalyser>(interpreter);
    m_broker = std::make_unique<CompletionBroker>();
    m_broker->setStaticAnalyser(m_static.get());
    m_broker->setKernelExecutingProbe([this] { return m_executing; });
    // The helper starts and imports jedi while the kernel starts (the app does this lazily).
    bool warmed = false;
    m_static->request(9, {{"op", "complete"}, {"code", "import o"}, {"cursor", 8}}, [&](const nlohmann::json&) { warmed = true; });
    WAIT_FOR(ready.count() == 1, 60000, "the python3 kernel did not become ready within 60 s");
    WAIT_FOR(warmed, 30000, "the jedi helper did not answer within 30 s");
    QVERIFY2(m_static->unavailableReason().isEmpty(), qPrintable(m_static->unavailableReason()));
    m_broker->setKernel(m_session->client());
}

void TestCompletionBroker::cleanupTestCase()
{
    m_broker.reset();
    m_static.reset();   // kills the helper (our child)
    m_session.reset();  // kills the kernel
}

std::shared_ptr<bool> TestCompletionBroker::execute(const QString& code)
{
    auto done = std::make_shared<bool>(false);
    auto* request = m_session->client()->execute(code);
    connect(request, &Kernel::PendingRequest::finished, this, [done] { *done = true; });
    return done;
}

std::optional<Completions> TestCompletionBroker::complete(const Completion::Query& query, bool kernelOnly, int timeoutMs)
{
    std::optional<Completions> answer;
    const int ticket = m_broker->complete(query);
    auto connection = connect(m_broker.get(), &CompletionBroker::completionsReady, this,
                              [&](int from, const Completions& completions, bool) {
                                  if (from == ticket && (!kernelOnly || completions.source == Source::Kernel))
                                      answer = completions;
                              });
    waitFor([&] { return answer.has_value(); }, timeoutMs);
    disconnect(connection);
    return answer;
}

void TestCompletionBroker::importOffersOs()
{
    const auto answer = complete({{}, QStringLiteral("import o"), 8}, true);
    QVERIFY2(answer, "no kernel completion for 'import o'");
    QVERIFY2(texts(*answer).contains(QStringLiteral("os")), qPrintable(texts(*answer).join(u' ')));
    QCOMPARE(answer->start, 7);
    QCOMPARE(answer->end, 8);
    const auto os = std::find_if(answer->items.begin(), answer->items.end(), [](const auto& item) { return item.text == u"os"; });
    // IPython names the kind only while its jedi_compute_type_timeout (400 ms) lasts: a loaded
    // machine gets "<unknown>", read as no kind. tst_completions checks the parsing itself.
    QVERIFY2(os->type == u"module" || os->type.isEmpty(), qPrintable(os->type));
}

void TestCompletionBroker::attributesOfEarlierCell()
{
    auto done = execute(QStringLiteral("class Point:\n    def __init__(self):\n        self.xcoord = 1\n        self.ycoord = 2\n"
                                       "    def norm(self, p=2):\n        return 0\npt = Point()"));
    WAIT_FOR(*done, 10000, "the defining cell did not run");
    const auto answer = complete({{}, QStringLiteral("pt."), 3}, true);
    QVERIFY2(answer, "no kernel completion for 'pt.'");
    const QStringList items = texts(*answer);
    QVERIFY2(items.contains(QStringLiteral("xcoord")) && items.contains(QStringLiteral("norm")), qPrintable(items.join(u' ')));
}

void TestCompletionBroker::dictKeys()
{
    auto done = execute(QStringLiteral("settings = {'learning_rate': 0.1, 'batch_size': 32}"));
    WAIT_FOR(*done, 10000, "the dict cell did not run");
    const QString code = QStringLiteral("settings['");
    const auto answer = complete({{}, code, static_cast<int>(code.size())}, true);
    QVERIFY2(answer, "no kernel completion for a dict key");
    const QString joined = texts(*answer).join(u' ');
    QVERIFY2(joined.contains(QStringLiteral("learning_rate")) && joined.contains(QStringLiteral("batch_size")), qPrintable(joined));
}

void TestCompletionBroker::inspectPrintSignature()
{
    std::optional<Documentation> answer;
    const int ticket = m_broker->inspect(CompletionBroker::Lane::Tooltip, {{}, QStringLiteral("print("), 6}, 0);
    connect(m_broker.get(), &CompletionBroker::documentationReady, this,
            [&](CompletionBroker::Lane, int from, const Documentation& documentation, bool) {
                if (from == ticket && documentation.source == Source::Kernel)
                    answer = documentation;
            });
    WAIT_FOR(answer.has_value(), 10000, "no kernel answer to Shift+Tab on print(");
    QVERIFY(answer->found);
    const QString plain = withoutAnsi(answer->text);
    QVERIFY2(plain.contains(QStringLiteral("print(")) && plain.contains(QStringLiteral("sep=")), qPrintable(plain));
}

// ecosystem.md §1.5: code points, not UTF-8 bytes: "α" before the cursor moves bytes by one.
void TestCompletionBroker::unicodeBeforeCursor()
{
    auto done = execute(QStringLiteral("import os"));
    WAIT_FOR(*done, 10000, "import os did not run");
    const QString code = QStringLiteral("α = 1; os.pa");
    const QByteArray utf8 = code.toUtf8();
    const int cursor = Completion::codePointsInUtf8(utf8, utf8.size());
    const auto answer = complete({{}, code, cursor}, true);
    QVERIFY2(answer, "no kernel completion after unicode");
    QVERIFY2(texts(*answer).contains(QStringLiteral("path")), qPrintable(texts(*answer).join(u' ')));
    QCOMPARE(answer->start, 10);
    QCOMPARE(answer->end, 12);
    // Applied as QScintilla would: byte range [11, 13) replaced by "path".
    const qsizetype from = Completion::utf8OffsetOfCodePoint(utf8, answer->start);
    const qsizetype to = Completion::utf8OffsetOfCodePoint(utf8, answer->end);
    QCOMPARE(from, 11);
    QCOMPARE(to, 13);
    QCOMPARE(QString::fromUtf8(utf8.left(from) + "path" + utf8.mid(to)), QStringLiteral("α = 1; os.path"));
}

void TestCompletionBroker::newerRequestSupersedes()
{
    QList<int> delivered;
    auto connection = connect(m_broker.get(), &CompletionBroker::completionsReady, this,
                              [&](int ticket, const Completions&, bool) { delivered << ticket; });
    const int first = m_broker->complete({{}, QStringLiteral("import o"), 8});
    const int second = m_broker->complete({{}, QStringLiteral("import s"), 8});
    QVERIFY(!m_broker->isCurrent(CompletionBroker::Lane::Completion, first));
    WAIT_FOR(!delivered.isEmpty(), 10000, "the newer request was not answered");
    QTest::qWait(300);   // let the older request's answers arrive: they must be dropped
    disconnect(connection);
    QVERIFY2(!delivered.contains(first), "an answer to a superseded request was delivered");
    QVERIFY(delivered.contains(second));
}

// The ask of the issue: with a cell running, completion still answers at once (from jedi),
// for a name that only the notebook's earlier cell defines.
void TestCompletionBroker::staticAnswersWhileKernelBusy()
{
    auto sleeping = execute(QStringLiteral("import time; time.sleep(10)"));
    m_executing = true;
    QTest::qWait(200);   // the kernel is inside the sleep now
    const Completion::Query query{QStringLiteral("trained_model_accuracy = 0.93\nimport os"), QStringLiteral("trained_mo"), 10};
    QElapsedTimer clock;
    clock.start();
    const auto answer = complete(query, false, 5000);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(answer, "nothing answered while the kernel was busy");
    QCOMPARE(answer->source, Source::Static);
    QVERIFY2(texts(*answer).contains(QStringLiteral("trained_model_accuracy")), qPrintable(texts(*answer).join(u' ')));
    QCOMPARE(answer->start, 0);
    QCOMPARE(answer->end, 10);
    // Generous for a loaded CI machine; tests/bench/bench_complete measures it precisely.
    QVERIFY2(elapsed < 1500, qPrintable(QStringLiteral("static completion took %1 ms").arg(elapsed)));
    QVERIFY2(!*sleeping, "the sleeping cell ended early: the test measured nothing");
    m_session->interrupt();
    WAIT_FOR(*sleeping, 10000, "the interrupted cell did not end");
    m_executing = false;
}

QTEST_GUILESS_MAIN(TestCompletionBroker)
#include "tst_completionbroker.moc"
