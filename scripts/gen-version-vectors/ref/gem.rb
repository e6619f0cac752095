# Reference: RubyGems' Gem::Version#<=>. stdin "a<TAB>b" lines -> stdout "a<TAB>b<TAB>sign" (! = malformed).
STDERR.puts "rubygems #{Gem::VERSION}"
STDIN.each_line do |line|
  line = line.chomp
  a, b = line.split("\t", -1)
  next if b.nil?
  s = if Gem::Version.correct?(a) && Gem::Version.correct?(b)
        (Gem::Version.new(a) <=> Gem::Version.new(b)).to_s
      else
        "!"
      end
  puts "#{a}\t#{b}\t#{s}"
end
