#include "app/window/fulloutputviewer.h"

#include "document/streamtext.h"

#include <Qsci/qsciscintilla.h>

#include <QFontDatabase>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace Notebench::App {

namespace {
constexpr qint64 kBytesPerTurn = 1 << 20;

QByteArray bytesAt(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? QByteArray::fromStdString(it->get<std::string>()) : QByteArray();
}
} // namespace

FullOutputViewer::FullOutputViewer(const nlohmann::json &output, const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_editor(new QsciScintilla(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(title);
    setAttribute(Qt::WA_DeleteOnClose);
    resize(900, 700);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_editor);
    layout->addWidget(m_status);
    m_editor->setUtf8(true);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setReadOnly(true);
    m_editor->setWrapMode(QsciScintilla::WrapNone);

    const auto &elided = output[Document::kElidedKey];
    m_head = bytesAt(output, "text");
    m_tail = bytesAt(elided, "tail");
    m_middle.setFileName(QString::fromStdString(elided.value("file", std::string())));
    m_middleLeft = qint64(elided.value("bytes", std::uint64_t(0)));
    m_status->setText(tr("Loading %1 lines…").arg(QLocale().toString(elided.value("lines", qulonglong(0)))));

    m_loader.setInterval(0);
    connect(&m_loader, &QTimer::timeout, this, &FullOutputViewer::loadSome);
    m_loader.start();
}

void FullOutputViewer::append(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    m_editor->setReadOnly(false); // Scintilla refuses every insertion into a read-only document
    m_editor->SendScintilla(QsciScintillaBase::SCI_APPENDTEXT, static_cast<unsigned long>(bytes.size()), bytes.constData());
    m_editor->setReadOnly(true);
}

void FullOutputViewer::loadSome()
{
    switch (m_step) {
    case Step::Head:
        append(m_head);
        m_step = Step::Middle;
        if (m_middleLeft > 0 && !m_middle.open(QIODevice::ReadOnly)) {
            m_status->setText(tr("The middle of this output could not be read from %1.").arg(m_middle.fileName()));
            m_middleLeft = 0;
        }
        return;
    case Step::Middle: {
        if (m_middleLeft > 0) {
            const QByteArray bytes = m_middle.read(std::min(m_middleLeft, kBytesPerTurn));
            if (bytes.isEmpty()) {
                m_status->setText(tr("The middle of this output ends early in %1.").arg(m_middle.fileName()));
                m_middleLeft = 0;
            }
            m_middleLeft -= bytes.size();
            append(bytes);
            return;
        }
        m_middle.close();
        m_step = Step::Tail;
        return;
    }
    case Step::Tail:
        append(m_tail);
        m_step = Step::Done;
        m_loader.stop();
        if (m_status->text().startsWith(tr("Loading")))
            m_status->setText(tr("%1 lines").arg(QLocale().toString(m_editor->lines())));
        emit loaded();
        return;
    case Step::Done:
        return;
    }
}

} // namespace Notebench::App
