
class Broken {
    int size(String s) {
        // safe navigation and the elvis operator: tree-sitter-groovy 0.1.2 reads neither
        return s?.length() ?: 0
    }
}
