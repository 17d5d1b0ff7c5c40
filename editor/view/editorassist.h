#pragma once

#include "completion/completionbroker.h"

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QKeyEvent;

namespace Notebench::Editor {

class CellEditor;
class CompletionPopup;
class DocsPanel;
class InspectTooltip;
class NotebookView;

/// Completion and documentation for a notebook view's code cells, like an IDE:
/// - the popup opens as you type (after identifier characters and '.', a quote after '[', a '/'
///   in a string) once typing pauses for typingDelayMs, and at once on Tab — Tab indents where
///   only whitespace precedes the caret; Up/Down/Page move, Enter/Tab accept, Esc closes;
/// - Shift+Tab shows the inspect tooltip at the caret, pressed again it expands (detail 1), a
///   third time it closes; Esc closes it; signature help after '(' and ',';
/// - the docs panel, when shown, follows the caret.
/// Answers come from CompletionBroker (kernel or static); typing never waits for one, and an
/// answer for text or a caret that has since changed is dropped.
class EditorAssist : public QObject {
    Q_OBJECT
public:
    /// Pause in typing after which the popup is asked for.
    static constexpr int typingDelayMs = 150;
    /// Pause in caret movement after which the docs panel asks for the name under it.
    static constexpr int docsDelayMs = 250;

    /// Delete it before the view (the NotebookTab does): it unhooks the view's editors.
    EditorAssist(NotebookView* view, Completion::CompletionBroker* broker, QObject* parent = nullptr);
    ~EditorAssist() override;

    /// The panel that follows the caret (the window's dock); null for none.
    void setDocsPanel(DocsPanel* panel);
    CompletionPopup* popup() const { return m_popup; }
    InspectTooltip* tooltip() const { return m_tooltip; }

    /// What Tab and Shift+Tab do in `editor`, for callers other than the keyboard.
    void requestCompletion(CellEditor* editor, bool explicitly);
    void requestInspect(CellEditor* editor, int detailLevel);

signals:
    /// The popup opened or changed its items (benchmarks time keystroke to this).
    void completionsShown(Notebench::Completion::Source source, int count);
    void tooltipShown(Notebench::Completion::Source source);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Asked {
        QPointer<CellEditor> editor;
        int ticket = 0;
        QString code;
        long caret = -1;   // UTF-8 bytes, as QScintilla counts
        bool explicitly = false;
        int detailLevel = 0;
    };
    struct Shown {
        QPointer<CellEditor> editor;
        int start = 0;     // code points into the cell
        int askedCursor = 0;
        int askedEnd = 0;
    };

    void hook(CellEditor* editor);
    void followTheme();
    bool handleKey(CellEditor* editor, QKeyEvent* event);
    void onCharAdded(CellEditor* editor, int character);
    void onCompletions(int ticket, const Completion::Completions& completions, bool replacing);
    void onDocumentation(Completion::CompletionBroker::Lane lane, int ticket, const Completion::Documentation& documentation);
    Completion::Query queryAt(CellEditor* editor) const;
    bool stillAsIs(const Asked& asked) const;
    /// The text up to the asked caret is unchanged and the caret has not left the call.
    bool stillInCall(const Asked& asked) const;
    bool worthAsking(CellEditor* editor) const;
    void refilter();
    void accept();
    void hidePopup();
    void hideTips();
    QPoint belowCaret(CellEditor* editor, long bytePosition) const;
    static bool onlyWhitespaceBeforeCaret(CellEditor* editor);
    static QString lineBeforeCaret(CellEditor* editor);

    NotebookView* m_view;
    QPointer<Completion::CompletionBroker> m_broker;
    CompletionPopup* m_popup;
    InspectTooltip* m_tooltip;
    QPointer<DocsPanel> m_docs;
    QTimer m_typingTimer;
    QTimer m_signatureTimer;
    QTimer m_docsTimer;
    QPointer<CellEditor> m_typingEditor;
    Asked m_completion;
    Asked m_inspect;
    Asked m_signature;
    Asked m_docsAsked;
    Shown m_shown;
    QColor m_themeBackground;
    QColor m_themeText;
};

} // namespace Notebench::Editor
