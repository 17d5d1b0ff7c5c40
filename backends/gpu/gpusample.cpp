#include "gpu/gpusample.h"

#include <QStringList>

namespace Notebench::Gpu {

namespace {
constexpr double bytesPerGb = 1024.0 * 1024.0 * 1024.0;

// "12.1", "80": a tenth of a GB where it matters, whole numbers for round totals.
QString gigabytes(qint64 bytes)
{
    const double gb = double(bytes) / bytesPerGb;
    const double tenth = qRound64(gb * 10.0) / 10.0;
    return tenth == qRound64(tenth) ? QString::number(qRound64(tenth)) : QString::number(tenth, 'f', 1);
}

QString memoryText(const GpuSample &sample)
{
    const QString used = sample.memoryUsed ? gigabytes(*sample.memoryUsed) : QStringLiteral("–");
    const QString total = sample.memoryTotal ? gigabytes(*sample.memoryTotal) : QStringLiteral("–");
    return QStringLiteral("%1/%2 GB").arg(used, total);
}
} // namespace

QString compactText(const QList<GpuSample> &samples)
{
    QStringList parts;
    for (const auto &sample : samples) {
        const QString busy = sample.utilisation ? QStringLiteral("%1%").arg(*sample.utilisation) : QStringLiteral("–%");
        parts << QStringLiteral("GPU%1 %2 %3").arg(sample.index).arg(busy, memoryText(sample));
    }
    return parts.join(QStringLiteral("  ·  "));
}

QString detailText(const QList<GpuSample> &samples)
{
    QStringList lines;
    for (const auto &sample : samples) {
        QString line = QStringLiteral("GPU%1: %2").arg(sample.index).arg(sample.name.isEmpty() ? QStringLiteral("(unnamed)") : sample.name);
        if (!sample.uuid.isEmpty())
            line += QStringLiteral(" (%1)").arg(sample.uuid);
        line += QStringLiteral(" — %1 busy, %2 memory used")
                    .arg(sample.utilisation ? QStringLiteral("%1%").arg(*sample.utilisation) : QStringLiteral("unknown"),
                         memoryText(sample));
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace Notebench::Gpu
