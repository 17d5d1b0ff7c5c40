#pragma once

#include "gpu/gpusample.h"

#include <QByteArray>
#include <QStringList>

namespace Notebench::Gpu {

/// The arguments that make `nvidia-smi` print what parseNvidiaSmiCsv reads (a remote host's GPUs
/// are read this way, over the same connection as its kernel).
QStringList nvidiaSmiQueryArguments();

/// Parses the output of `nvidia-smi --query-gpu=index,name,uuid,utilization.gpu,memory.used,
/// memory.total --format=csv,noheader,nounits` (memory in MiB). Defensive: "[N/A]" and
/// "[Not Supported]" become unknown values, a name with commas is kept whole, and a line it
/// cannot read (an error message, a header, missing columns) is left out and named in `error`,
/// never guessed at.
GpuReading parseNvidiaSmiCsv(const QByteArray &output);

} // namespace Notebench::Gpu
