// Completion and Shift+Tab from the keyboard, end to end: a NotebookView offscreen, keys typed
// into its cell editor, Debian's ipykernel and the jedi helper answering.
#include "completion/completionbroker.h"
#include "completion/staticanalyser.h"
#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "kernel/pendingrequest.h"
#include "local/localprovisioner.h"
#include "model/notebookmodel.h"
#include "protocol/kernelspecfinder.h"
#include "waitfor.h"
#include "view/celleditor.h"
#include "view/completionpopup.h"
#include "view/docspanel.h"
#include "view/editorassist.h"
#include "view/inspecttooltip.h"
#include "view/notebookview.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Notebench;
using namespace Notebench::Editor;
using Completion::Source;

namespace {

Document::Notebook notebook()
{
    Document::Notebook notebook;
    notebook.metadata["kernelspec"] = {{"name", "python3"}, {"language", "python"}, {"display_name", "Python 3"}};
    notebook.insertCell(0, Document::CellType::Code, "import os\nexperiment_results = {'accuracy': 0.9}");
    notebook.insertCell(1, Document::CellType::Code, "");
    return notebook;
}
} // namespace

class TestEditorAssist : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void tabCompletesImport();
    void tabIndentsAtLineStart();
    void unicodeBeforeCursorReplacesRightRange();
    void typingOpensPopupAfterDot();
    void shiftTabShowsSignatureThenExpandsEscCloses();
    void signatureHelpInsideCall();
    void docsPanelFollowsCaret();
    void staticAnswersWhileKernelBusy();

private:
    CellEditor* editCell(int index);
    void typeInto(CellEditor* editor, const QString& text);
    std::shared_ptr<bool> execute(const QString& code);

    std::unique_ptr<Kernel::KernelSession> m_session;
    std::unique_ptr<Completion::StaticAnalyser> m_static;
    std::unique_ptr<Completion::CompletionBroker> m_broker;
    std::unique_ptr<NotebookModel> m_model;
    std::unique_ptr<NotebookView> m_view;
    std::unique_ptr<EditorAssist> m_assist;   // deleted before the view, as NotebookTab does
    bool m_executing = false;
};

void TestEditorAssist::initTestCase()
{
    m_session = std::make_unique<Kernel::KernelSession>(std::make_unique<Local::LocalProvisioner>());
    QSignalSpy ready(m_session.get(), &Kernel::KernelSession::ready);
    m_session->start({QStringLiteral("python3"), QDir::tempPath(), {}, {}});
    const auto found = Protocol::KernelSpecFinder().find("python3");
    QVERIFY2(found.spec, "Debian's python3 kernelspec is not installed");
    m_static = std::make_unique<Completion::StaticAnalyser>(QStringList{QString::fromStdString(found.spec->argv.front())});
    bool warmed = false;
    m_static->request(9, {{"op", "complete"}, {"code", "import os\nos.pa"}, {"cursor", 15}}, [&](const nlohmann::json&) { warmed = true; });
    m_broker = std::make_unique<Completion::CompletionBroker>();
    m_broker->setStaticAnalyser(m_static.get());
    m_broker->setKernelExecutingProbe([this] { return m_executing; });
    WAIT_FOR(ready.count() == 1, 60000, "the python3 kernel did not become ready within 60 s");
    WAIT_FOR(warmed, 30000, "the jedi helper did not answer within 30 s");
    m_broker->setKernel(m_session->client());
    // The first cell ran, as the user would have run it.
    auto done = execute(QStringLiteral("import os\nexperiment_results = {'accuracy': 0.9}"));
    WAIT_FOR(*done, 10000, "the first cell did not run");
}

void TestEditorAssist::cleanupTestCase()
{
    m_assist.reset();
    m_view.reset();
    m_model.reset();
    m_broker.reset();
    m_static.reset();
    m_session.reset();
}

void TestEditorAssist::init()
{
    m_assist.reset();
    m_view.reset();
    m_model = std::make_unique<NotebookModel>(notebook());
    m_view = std::make_unique<NotebookView>(m_model.get());
    m_assist = std::make_unique<EditorAssist>(m_view.get(), m_broker.get());
    m_view->resize(900, 600);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

std::shared_ptr<bool> TestEditorAssist::execute(const QString& code)
{
    auto done = std::make_shared<bool>(false);
    auto* request = m_session->client()->execute(code);
    connect(request, &Kernel::PendingRequest::finished, this, [done] { *done = true; });
    return done;
}

CellEditor* TestEditorAssist::editCell(int index)
{
    m_model->setCursor(index);
    m_model->setMode(Mode::Edit);
    CellEditor* editor = m_view->editorFor(index);
    if (editor)
        editor->setFocus();
    return editor;
}

void TestEditorAssist::typeInto(CellEditor* editor, const QString& text)
{
    for (const QChar c : text)
        QTest::keyClick(editor, c.toLatin1() ? c.toLatin1() : 'x', Qt::NoModifier);
}

void TestEditorAssist::tabCompletesImport()
{
    CellEditor* editor = editCell(1);
    QVERIFY(editor);
    typeInto(editor, QStringLiteral("import o"));
    QTest::keyClick(editor, Qt::Key_Tab);
    WAIT_FOR(m_assist->popup()->isVisible(), 5000, "Tab after 'import o' showed no popup");
    QVERIFY2(m_assist->popup()->itemTexts().contains(QStringLiteral("os")), qPrintable(m_assist->popup()->itemTexts().join(u' ')));
    // The idle kernel's answer shows: at once, or replacing jedi's if it took longer than 100 ms.
    WAIT_FOR(m_assist->popup()->footerText().startsWith(QStringLiteral("kernel")), 5000, "the kernel's answer never showed");
    while (m_assist->popup()->currentItem()->text != u"os")
        QTest::keyClick(editor, Qt::Key_Down);
    QTest::keyClick(editor, Qt::Key_Return);
    QVERIFY(!m_assist->popup()->isVisible());
    QCOMPARE(m_model->source(1), QStringLiteral("import os"));   // Enter accepted; no new line
}

void TestEditorAssist::tabIndentsAtLineStart()
{
    CellEditor* editor = editCell(1);
    QTest::keyClick(editor, Qt::Key_Tab);
    QTest::qWait(EditorAssist::typingDelayMs + 50);
    QVERIFY(!m_assist->popup()->isVisible());
    QCOMPARE(m_model->source(1), QStringLiteral("    "));
}

// ecosystem.md §1.5: the protocol counts code points; the editor counts UTF-8 bytes.
void TestEditorAssist::unicodeBeforeCursorReplacesRightRange()
{
    CellEditor* editor = editCell(1);
    editor->setText(QStringLiteral("α = 1; os.pa"));
    editor->SendScintilla(QsciScintillaBase::SCI_DOCUMENTEND);
    QTest::keyClick(editor, Qt::Key_Tab);
    WAIT_FOR(m_assist->popup()->isVisible(), 5000, "Tab after 'os.pa' showed no popup");
    QVERIFY(m_assist->popup()->itemTexts().contains(QStringLiteral("path")));
    while (m_assist->popup()->currentItem()->text != u"path")
        QTest::keyClick(editor, Qt::Key_Down);
    QTest::keyClick(editor, Qt::Key_Tab);
    QCOMPARE(editor->text(), QStringLiteral("α = 1; os.path"));
    QCOMPARE(editor->caretOffset(), 14);
}

void TestEditorAssist::typingOpensPopupAfterDot()
{
    CellEditor* editor = editCell(1);
    QSignalSpy shown(m_assist.get(), &EditorAssist::completionsShown);
    typeInto(editor, QStringLiteral("experiment_results."));
    WAIT_FOR(m_assist->popup()->isVisible(), 5000, "typing '.' opened no popup");
    QVERIFY(m_assist->popup()->itemTexts().contains(QStringLiteral("keys")));
    // Typing on narrows the open list at once, without asking again.
    typeInto(editor, QStringLiteral("ke"));
    QCOMPARE(m_assist->popup()->itemTexts(), QStringList{QStringLiteral("keys")});
    QTest::keyClick(editor, Qt::Key_Escape);
    QVERIFY(!m_assist->popup()->isVisible());
    QCOMPARE(m_model->mode(), Mode::Edit);   // Esc closed the popup, not edit mode
}

void TestEditorAssist::shiftTabShowsSignatureThenExpandsEscCloses()
{
    CellEditor* editor = editCell(1);
    typeInto(editor, QStringLiteral("print("));
    QTest::keyClick(editor, Qt::Key_Backtab, Qt::ShiftModifier);
    WAIT_FOR(m_assist->tooltip()->isVisible() && m_assist->tooltip()->size() == InspectTooltip::Size::Compact, 5000,
             "Shift+Tab on print( showed no tooltip");
    const QString compact = m_assist->tooltip()->plainText();
    QVERIFY2(compact.contains(QStringLiteral("print(")) && compact.contains(QStringLiteral("sep=")), qPrintable(compact));
    QVERIFY2(!compact.contains(QChar(0x1b)), "ANSI escapes were shown raw");
    QTest::keyClick(editor, Qt::Key_Backtab, Qt::ShiftModifier);
    WAIT_FOR(m_assist->tooltip()->size() == InspectTooltip::Size::Expanded, 5000, "the second Shift+Tab did not expand");
    QVERIFY(m_assist->tooltip()->height() > 0);
    QTest::keyClick(editor, Qt::Key_Escape);
    QVERIFY(!m_assist->tooltip()->isVisible());
    QCOMPARE(m_model->mode(), Mode::Edit);
}

void TestEditorAssist::signatureHelpInsideCall()
{
    CellEditor* editor = editCell(1);
    typeInto(editor, QStringLiteral("os.path.join("));
    WAIT_FOR(m_assist->tooltip()->isVisible(), 5000, "no signature help after '('");
    QCOMPARE(m_assist->tooltip()->size(), InspectTooltip::Size::Signature);
    QVERIFY2(m_assist->tooltip()->plainText().contains(QStringLiteral("join(")), qPrintable(m_assist->tooltip()->plainText()));
    typeInto(editor, QStringLiteral("'a')"));
    QVERIFY(!m_assist->tooltip()->isVisible());
}

void TestEditorAssist::docsPanelFollowsCaret()
{
    DocsPanel panel;
    panel.show();
    m_assist->setDocsPanel(&panel);
    CellEditor* editor = editCell(1);
    editor->setText(QStringLiteral("os.getcwd()"));
    editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, 5UL);
    WAIT_FOR(panel.plainText().contains(QStringLiteral("getcwd")), 5000, "the docs panel did not follow the caret");
    m_assist->setDocsPanel(nullptr);
}

// With a cell running, the kernel cannot answer: jedi does, from the cells above.
void TestEditorAssist::staticAnswersWhileKernelBusy()
{
    m_model->setCellSource(0, QStringLiteral("trained_model_accuracy = 0.93"));
    auto sleeping = execute(QStringLiteral("import time; time.sleep(10)"));
    m_executing = true;
    QTest::qWait(200);
    CellEditor* editor = editCell(1);
    typeInto(editor, QStringLiteral("trained_mo"));
    QElapsedTimer clock;
    clock.start();
    QTest::keyClick(editor, Qt::Key_Tab);
    WAIT_FOR(editor->text() == u"trained_model_accuracy" || m_assist->popup()->isVisible(), 5000, "no completion while busy");
    const qint64 elapsed = clock.elapsed();
    // One match: Tab completed it in place, as Jupyter does.
    QCOMPARE(editor->text(), QStringLiteral("trained_model_accuracy"));
    QVERIFY2(elapsed < 1500, qPrintable(QStringLiteral("completion while busy took %1 ms").arg(elapsed)));
    QVERIFY2(!*sleeping, "the sleeping cell ended early: the test measured nothing");
    m_session->interrupt();
    WAIT_FOR(*sleeping, 10000, "the interrupted cell did not end");
    m_executing = false;
}

QTEST_MAIN(TestEditorAssist)
#include "tst_editorassist.moc"
