import GRDB
import PostgresNIO
