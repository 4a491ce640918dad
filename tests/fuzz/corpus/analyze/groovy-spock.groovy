class AdderSpec extends Specification {
    def "adds two numbers"() {
        expect:
        1 + 1 == 2
    }

    def "one"() {
        when:
        def x = 1

        then:
        x == 1 || x == 2
    }
}
