#include "app/window/kernelpicker.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace Notebench::App {

KernelPicker::KernelPicker(std::vector<Protocol::KernelSpec> specs, const QString &why, const QString &current,
                           QWidget *parent)
    : QDialog(parent)
    , m_specs(std::move(specs))
    , m_list(new QListWidget(this))
{
    setWindowTitle(tr("Select Kernel"));
    auto *layout = new QVBoxLayout(this);
    auto *message = new QLabel(why, this);
    message->setWordWrap(true);
    layout->addWidget(message);
    layout->addWidget(m_list);
    for (const auto &spec : m_specs) {
        const QString language = QString::fromStdString(spec.language);
        auto *item = new QListWidgetItem(
            QStringLiteral("%1  (%2)").arg(QString::fromStdString(spec.displayName), QString::fromStdString(spec.name)),
            m_list);
        item->setToolTip(tr("Language: %1\nFolder: %2").arg(language, QString::fromStdString(spec.resourceDir.string())));
        if (QString::fromStdString(spec.name) == current)
            m_list->setCurrentItem(item);
    }
    if (!m_list->currentItem() && m_list->count() > 0)
        m_list->setCurrentRow(0);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Select"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(m_list->count() > 0);
    if (m_list->count() == 0)
        message->setText(why + QLatin1Char('\n')
                         + tr("No kernels are installed. Install one (for Python: python3 -m pip install ipykernel, or "
                              "the python3-ipykernel package) and choose Kernel → Change Kernel."));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::itemDoubleClicked, this, &QDialog::accept);
}

const Protocol::KernelSpec *KernelPicker::chosen() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < int(m_specs.size()) ? &m_specs[std::size_t(row)] : nullptr;
}

nlohmann::json KernelPicker::kernelspecMetadata(const Protocol::KernelSpec &spec)
{
    return {{"name", spec.name}, {"display_name", spec.displayName}, {"language", spec.language}};
}

} // namespace Notebench::App
