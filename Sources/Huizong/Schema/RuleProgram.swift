/// A rule's check compiled to plain steps in postfix order, evaluated over a stack.
///
/// Rules are evaluated for every row on every core. Walking the expression itself would count a
/// reference for every boxed node it passes and make an array for every function's arguments;
/// a program walks one array and keeps its stack on the thread's own stack. `and`, `or` and
/// `implies` still skip their right side when the left decides, as the expression reads.
struct RuleProgram: Sendable {
    private enum Step: Sendable {
        case number(Double)
        case text(String)
        case field(Int)
        case previous(Int)
        case not
        case call(RuleFunction, arguments: Int)
        case binary(RuleOperator)
        /// Looks at the left side of `and`, `or` or `implies`; when its truth is `when`, replaces it
        /// with `result` and skips the next `skip` steps: the right side and the operator.
        case shortCircuit(when: Bool, result: Bool, skip: Int)
    }

    private let steps: [Step]
    /// The most values the stack holds at once.
    private let depth: Int

    init(_ expression: RuleExpression) {
        var steps: [Step] = []
        var height = 0
        var depth = 0
        func emit(_ step: Step, popping: Int = 0) {
            steps.append(step)
            height += 1 - popping
            depth = max(depth, height)
        }
        func compile(_ expression: RuleExpression) {
            switch expression {
            case .number(let n): emit(.number(n))
            case .text(let t): emit(.text(t))
            case .field(let i): emit(.field(i))
            case .previous(let i): emit(.previous(i))
            case .not(let e):
                compile(e)
                emit(.not, popping: 1)
            case .call(let function, let arguments):
                arguments.forEach(compile)
                emit(.call(function, arguments: arguments.count), popping: arguments.count)
            case .binary(let op, let a, let b):
                compile(a)
                let jump = steps.count
                let shortCircuits = op == .and || op == .or || op == .implies
                if shortCircuits { steps.append(.binary(op)) }
                compile(b)
                emit(.binary(op), popping: 2)
                // `and` is decided by a false left side, `or` by a true one, `implies` by a false one.
                if shortCircuits { steps[jump] = .shortCircuit(when: op == .or, result: op != .and, skip: steps.count - jump - 1) }
            }
        }
        compile(expression)
        self.steps = steps
        self.depth = max(depth, 1)
    }

    /// Evaluates the program; the closures are those of `RuleExpression.evaluate`.
    func evaluate(_ value: (Int) -> RuleValue, previous: (Int) -> RuleValue, band: (Double) -> String?) -> RuleValue {
        withUnsafeTemporaryAllocation(of: RuleValue.self, capacity: depth) { storage in
            var stack = Stack(base: storage.baseAddress!)
            steps.withUnsafeBufferPointer { steps in
                var next = 0
                while next < steps.count {
                    switch steps[next] {
                    case .number(let n): stack.push(.number(n))
                    case .text(let t): stack.push(.text(t))
                    case .field(let i): stack.push(value(i))
                    case .previous(let i): stack.push(previous(i))
                    case .not: stack.push(.bool(!stack.pop().isTrue))
                    case .call(let function, let arguments):
                        let second = arguments == 2 ? stack.pop() : nil
                        stack.push(function.apply(stack.pop(), second, band: band))
                    case .binary(let op):
                        let b = stack.pop()
                        stack.push(op.apply(stack.pop(), b))
                    case .shortCircuit(let when, let result, let skip):
                        let left = stack.pop()
                        if left.isTrue == when {
                            stack.push(.bool(result))
                            next += skip
                        } else {
                            stack.push(left)
                        }
                    }
                    next += 1
                }
            }
            return stack.pop()
        }
    }

    /// The values being worked on, in memory the caller allocated for `depth` of them.
    private struct Stack {
        let base: UnsafeMutablePointer<RuleValue>
        var count = 0

        mutating func push(_ value: RuleValue) {
            (base + count).initialize(to: value)
            count += 1
        }

        mutating func pop() -> RuleValue {
            count -= 1
            return (base + count).move()
        }
    }
}
