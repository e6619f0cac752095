# Reference: Gem::Requirement#satisfied_by?. A comma-separated requirement is split into a list,
# as bundler-audit reads ruby-advisory-db. stdin "version\treq" -> "version\treq\ttrue|false|!".
STDIN.each_line do |line|
  line = line.chomp
  v, r = line.split("\t", -1)
  next if r.nil?
  s = begin
        Gem::Requirement.new(*r.split(",")).satisfied_by?(Gem::Version.new(v)).to_s
      rescue Gem::Requirement::BadRequirementError, ArgumentError
        "!"
      end
  puts "#{v}\t#{r}\t#{s}"
end
