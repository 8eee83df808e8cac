// A plugin whose method object ends the process with status 0 when the host destroys it, after
// the command's work and outside any call the host guards.
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

#include <cstdlib>

namespace {

using namespace jalon::plugin;

class QuitOnDestruction final : public IndicatorMethod {
public:
    ~QuitOnDestruction() override { std::exit(0); }
    MethodResult compute(const MethodInput&) const override { return {1.0, {}, ""}; }
};

} // namespace

JALON_PLUGIN("exiting-on-unload", "0.1.0");

void jalon_register_plugin(MethodRegistrar& registrar) {
    MethodSpec spec;
    spec.name = "quit_on_destruction";
    spec.label = {"Méthode de test", "Test method"};
    spec.description.en = "a method whose destructor calls exit(0), for tests";
    registrar.add(spec, std::make_unique<QuitOnDestruction>());
}
