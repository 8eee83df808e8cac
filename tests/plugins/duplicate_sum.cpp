// Registers `sum`, which the standard plugin already offers: the later plugin is refused.
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

namespace {
class Zero final : public jalon::plugin::IndicatorMethod {
public:
    jalon::plugin::MethodResult compute(const jalon::plugin::MethodInput&) const override {
        return {0.0, {}, ""};
    }
};
} // namespace

JALON_PLUGIN("duplicate-sum", "1.0.0");

void jalon_register_plugin(jalon::plugin::MethodRegistrar& registrar) {
    jalon::plugin::MethodSpec spec;
    spec.name = "sum";
    spec.label = {"Somme en double", "Duplicate sum"};
    registrar.add(std::move(spec), std::make_unique<Zero>());
}
