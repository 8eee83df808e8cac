// Methods that take the process down: one dereferences a null pointer at its second territory, one
// never returns. Only ever run with --isolate-plugins (each indicator in a child process).
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

#include <unistd.h>

namespace {

using namespace jalon::plugin;

class Segfault final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput& input) const override {
        if (input.territory != "dep") {
            volatile int* nowhere = nullptr;
            *nowhere = 1;
        }
        return {1.0, {}, ""};
    }
};

class Hang final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput&) const override {
        for (;;)
            ::pause();
    }
};

MethodSpec named(const char* name) {
    MethodSpec spec;
    spec.name = name;
    spec.label = {"Méthode de test", "Test method"};
    spec.description.en = "a method that crashes or hangs, for tests";
    return spec;
}

} // namespace

JALON_PLUGIN("crashing", "0.1.0");

void jalon_register_plugin(MethodRegistrar& registrar) {
    registrar.add(named("segfault"), std::make_unique<Segfault>());
    registrar.add(named("hang"), std::make_unique<Hang>());
}
