#include "command.hpp"

#include <iomanip>
#include <iostream>
#include <sstream>

namespace jalon::cli {

namespace {

const char* type_name(plugin::ParamType type) {
    switch (type) {
    case plugin::ParamType::number:
        return "number";
    case plugin::ParamType::text:
        return "text";
    case plugin::ParamType::boolean:
        return "boolean";
    case plugin::ParamType::series:
        return "series";
    case plugin::ParamType::text_list:
        return "texts";
    }
    return "value";
}

std::string shown(const ParamValue& value) {
    std::string text;
    for (const ParamScalar& item : value.items) {
        std::string one;
        if (const auto* t = std::get_if<std::string>(&item))
            one = *t;
        else if (const auto* b = std::get_if<bool>(&item))
            one = *b ? "true" : "false";
        else {
            std::ostringstream out;
            out << std::get<double>(item);
            one = out.str();
        }
        text += (text.empty() ? "" : ", ") + one;
    }
    return value.is_list ? "[" + text + "]" : text;
}

int run_list(const po::variables_map&, CommandContext& context) {
    const PluginCatalog& catalog = context.plugins();
    std::cout << "search path:";
    for (const auto& directory : context.plugin_path())
        std::cout << " " << directory.string();
    std::cout << "\n";
    for (const PluginInfo& plugin : catalog.plugins()) {
        std::cout << "\n" << plugin.name << " " << plugin.version << "  " << plugin.file << "\n";
        for (const std::string& name : plugin.methods) {
            const AvailableMethod* method = catalog.find(name);
            // English, as every message of the command line; the French the reports show
            // follows, so that a plugin's author sees both.
            const plugin::MethodSpec& spec = method->spec;
            const auto told = [&](const std::string& language, const char* colon) {
                const std::string& description = spec.description.in(language);
                return spec.label.in(language) + (description.empty() ? "" : colon + description);
            };
            std::cout << "  " << std::left << std::setw(12) << name << " " << told("en", ": ")
                      << "\n";
            std::cout << "  " << std::string(12, ' ') << " in French: " << told("fr", " : ")
                      << "\n";
            std::string params;
            for (const auto& p : method->spec.params) {
                std::string about = type_name(p.type);
                if (p.required)
                    about += ", required";
                if (p.default_value && !p.default_value->items.empty())
                    about += ", default " + shown(*p.default_value);
                if (!p.choices.empty()) {
                    about += ", one of";
                    for (const auto& choice : p.choices)
                        about += " " + choice;
                }
                params += (params.empty() ? "" : "; ") + p.name + " (" + about + ")";
            }
            if (!method->spec.unit.empty())
                std::cout << "  " << std::string(12, ' ') << " unit: " << method->spec.unit << "\n";
            if (!params.empty())
                std::cout << "  " << std::string(12, ' ') << " parameters: " << params << "\n";
        }
    }
    if (catalog.plugins().empty())
        std::cout << "\nno plugin loaded\n";
    if (!catalog.failures().empty()) {
        std::cout << "\nfailed:\n";
        for (const PluginFailure& failure : catalog.failures())
            std::cout << "  " << failure.file << ": " << failure.reason << "\n";
    }
    return 0;
}

} // namespace

std::vector<Command> plugin_commands() {
    Command list;
    list.words = {"plugins", "list"};
    list.summary = "list the plugins found, their versions and methods, and those that failed";
    list.declare = [](po::options_description&, po::positional_options_description&) {};
    list.run = run_list;
    return {list};
}

} // namespace jalon::cli
