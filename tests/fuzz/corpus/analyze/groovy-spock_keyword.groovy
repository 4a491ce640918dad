	class SizeSpec extends Specification {
    def "Iterable with size method"() {
        given:
        def x = 1
    }
}
