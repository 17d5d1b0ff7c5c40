#include "app/provisionerfactory.h"

#include "local/localprovisioner.h"

namespace Notebench::App {

namespace {
Local::DeviceSelection devicesOf(const RuntimeSpec &spec)
{
    if (spec.kind == RuntimeSpec::Kind::LocalGpu)
        return {Local::DeviceSelection::Kind::Gpu, spec.gpuIds};
    return {Local::DeviceSelection::Kind::Cpu, {}};
}
} // namespace

QMap<QString, QString> deviceEnvironment(const RuntimeSpec &spec)
{
    return Local::LocalProvisioner::deviceEnvironment(devicesOf(spec));
}

RuntimeProvision provisionRuntime(const RuntimeSpec &spec, const RuntimeContext &context)
{
    RuntimeProvision provision;
    switch (spec.kind) {
    case RuntimeSpec::Kind::LocalGpu:
        provision.reason = context.gpus.selectionProblem(spec.gpuIds);
        if (!provision.reason.isEmpty())
            return provision;
        [[fallthrough]];
    case RuntimeSpec::Kind::Local:
        // The devices travel in the launch options too, so that a restart with another kernelspec
        // (which builds new options from the runtime) keeps them.
        provision.provisioner = std::make_unique<Local::LocalProvisioner>(devicesOf(spec));
        provision.environment = deviceEnvironment(spec);
        return provision;
    case RuntimeSpec::Kind::Ssh:
        provision.provisioner = makeSshProvisioner(spec, context.ssh, context.progress);
        return provision;
    case RuntimeSpec::Kind::JupyterServer:
        provision.reason = QStringLiteral("Jupyter Server runtimes arrive in a later version of Notebench.");
        return provision;
    }
    provision.reason = QStringLiteral("Unknown runtime.");
    return provision;
}

} // namespace Notebench::App
