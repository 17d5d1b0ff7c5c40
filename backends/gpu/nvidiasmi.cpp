#include "gpu/nvidiasmi.h"

#include <QList>

#include <algorithm>
#include <cmath>

namespace Notebench::Gpu {

namespace {
constexpr int columnCount = 6;
// More devices than any machine has: the rest of a runaway output is not read.
constexpr int maxDevices = 256;
constexpr qsizetype maxQuotedLine = 120;
constexpr double bytesPerMib = 1024.0 * 1024.0;
// 1 PiB of device memory: anything above is garbage, not a GPU.
constexpr double maxMib = 1024.0 * 1024.0 * 1024.0;

bool isUnknown(const QString &field)
{
    // nvidia-smi writes "[N/A]", "[Not Supported]", "[Unknown Error]", "[Insufficient Permissions]".
    return field.isEmpty() || field.startsWith(QLatin1Char('[')) || field.compare(QLatin1String("N/A"), Qt::CaseInsensitive) == 0;
}

// A number in `unit` (which nounits should have dropped, but may not), from 0 to `max`.
std::optional<double> measurement(QString field, QLatin1String unit, double max)
{
    if (field.endsWith(unit))
        field.chop(unit.size());
    field = field.trimmed();
    bool ok = false;
    const double value = field.toDouble(&ok);
    if (isUnknown(field) || !ok || !std::isfinite(value) || value < 0.0 || value > max)
        return std::nullopt;
    return value;
}

std::optional<int> percent(const QString &field)
{
    const auto value = measurement(field, QLatin1String("%"), 100.0);
    return value ? std::optional<int>(int(std::lround(*value))) : std::nullopt;
}

std::optional<qint64> mebibytes(const QString &field)
{
    const auto value = measurement(field, QLatin1String("MiB"), maxMib);
    return value ? std::optional<qint64>(qint64(std::llround(*value * bytesPerMib))) : std::nullopt;
}

QString quoted(const QString &line)
{
    return line.size() > maxQuotedLine ? line.left(maxQuotedLine) + QStringLiteral("…") : line;
}
} // namespace

QStringList nvidiaSmiQueryArguments()
{
    return {QStringLiteral("--query-gpu=index,name,uuid,utilization.gpu,memory.used,memory.total"),
            QStringLiteral("--format=csv,noheader,nounits")};
}

GpuReading parseNvidiaSmiCsv(const QByteArray &output)
{
    GpuReading reading;
    QStringList problems;
    const QList<QByteArray> lines = output.split('\n');
    for (const QByteArray &raw : lines) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty())
            continue;
        if (reading.devices.size() >= maxDevices) {
            problems << QStringLiteral("nvidia-smi listed more than %1 GPUs; the rest were not read.").arg(maxDevices);
            break;
        }
        QStringList fields = line.split(QLatin1Char(','));
        for (QString &field : fields)
            field = field.trimmed();
        bool indexOk = false;
        const int index = fields.value(0).toInt(&indexOk);
        if (fields.size() < columnCount || !indexOk || index < 0) {
            problems << QStringLiteral("nvidia-smi printed a line that is not a GPU: \"%1\".").arg(quoted(line));
            continue;
        }
        if (std::any_of(reading.devices.cbegin(), reading.devices.cend(), [index](const GpuSample &s) { return s.index == index; })) {
            problems << QStringLiteral("nvidia-smi listed GPU %1 twice; the second line was left out.").arg(index);
            continue;
        }
        GpuSample sample;
        sample.index = index;
        // A name never has a comma in practice; if one does, the columns after it are still the last four.
        const qsizetype last = fields.size() - 4;
        sample.name = fields.mid(1, last - 1).join(QStringLiteral(", "));
        if (isUnknown(sample.name))
            sample.name.clear();
        sample.uuid = isUnknown(fields.at(last)) ? QString() : fields.at(last);
        sample.utilisation = percent(fields.at(last + 1));
        sample.memoryUsed = mebibytes(fields.at(last + 2));
        sample.memoryTotal = mebibytes(fields.at(last + 3));
        reading.devices << sample;
    }
    reading.error = problems.join(QLatin1Char(' '));
    return reading;
}

} // namespace Notebench::Gpu
