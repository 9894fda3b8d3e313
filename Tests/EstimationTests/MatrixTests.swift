import Testing
@testable import Estimation

@Suite("Dense matrices and Cholesky")
struct MatrixTests {
    @Test("Cholesky of the Golub & Van Loan example reproduces A and solves A·x = b to 1e-12")
    func choleskySolve() throws {
        // Golub & Van Loan, Matrix Computations 4th ed., §4.2: A = [[2,-2],[-2,5]] has L = [[√2,0],[-√2,√3]].
        let a = Matrix([[2, -2], [-2, 5]])
        let chol = try #require(CholeskyFactorization(a))
        #expect(abs(chol.lower[0, 0] - 2.0.squareRoot()) < 1e-12)
        #expect(abs(chol.lower[1, 0] + 2.0.squareRoot()) < 1e-12)
        #expect(abs(chol.lower[1, 1] - 3.0.squareRoot()) < 1e-12)
        let x = chol.solve([2, 1])
        let b = a * x
        #expect(abs(b[0] - 2) < 1e-12 && abs(b[1] - 1) < 1e-12)
        let i = a * chol.inverse
        #expect(abs(i[0, 0] - 1) < 1e-12 && abs(i[0, 1]) < 1e-12 && abs(i[1, 1] - 1) < 1e-12)
    }

    @Test("Cholesky refuses a matrix that is not positive definite")
    func choleskyRefusesIndefinite() {
        #expect(CholeskyFactorization(Matrix([[1, 2], [2, 1]])) == nil)
    }
}
