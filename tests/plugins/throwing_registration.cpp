// Registers one method, then throws: none of its methods may be kept.
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

#include <stdexcept>

namespace {
class Nothing final : public jalon::plugin::IndicatorMethod {
public:
    jalon::plugin::MethodResult compute(const jalon::plugin::MethodInput&) const override {
        return {};
    }
};
} // namespace

JALON_PLUGIN("throwing-registration", "1.0.0");

void jalon_register_plugin(jalon::plugin::MethodRegistrar& registrar) {
    jalon::plugin::MethodSpec spec;
    spec.name = "half_registered";
    spec.label = {"Méthode de test", "Test method"};
    registrar.add(std::move(spec), std::make_unique<Nothing>());
    throw std::runtime_error("cannot find my configuration");
}
