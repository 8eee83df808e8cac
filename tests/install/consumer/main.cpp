// Reads a scheme file with the installed libjalon and prints what it found.
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/version.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2)
        return 2;
    const jalon::Scheme scheme = jalon::read_scheme_file(argv[1]);
    std::cout << "jalon " << JALON_VERSION_STRING << " " << scheme.id << " nodes "
              << scheme.nodes.size() << " indicators " << scheme.indicators.size() << " plugins "
              << PLUGIN_DIR << "\n";
    return 0;
}
